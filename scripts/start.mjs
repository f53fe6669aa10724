// `npm start`: until the sync server lands (issue 3), say so plainly instead of pretending.
console.error('Fundraiser Orders: the sync server is not built yet; `npm start` has nothing to serve.');
console.error('What exists today is the domain layer (domain/) and its tests: run `npm test`.');
process.exit(1);
