import { describe, expect, it } from 'vitest';
import { appended } from '../../domain/short-lists';

describe('appended', () => {
  it('copies a short list to its new length and leaves the original as it was', () => {
    const list = ['a', 'b'];
    const grown = appended(list, 'c');
    expect(grown).toEqual(['a', 'b', 'c']);
    expect(grown).not.toBe(list);
    expect(list).toEqual(['a', 'b']);
  });

  it('grows a long list in place, keeping every element in order', () => {
    let list: number[] = [];
    for (let i = 0; i < 40; i++) list = appended(list, i);
    expect(list).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(appended(list, 40)).toBe(list);
  });

  it('adds an array element as one element', () => {
    expect(appended<unknown>([1], [2, 3])).toEqual([1, [2, 3]]);
  });
});
