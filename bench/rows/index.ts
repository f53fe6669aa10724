import type { Row } from '../harness';
import { row1 } from './r1-cold-open';
import { row2 } from './r2-new-event';
import { row3 } from './r3-append-life';
import { row4 } from './r4-reconnect';
import { row5 } from './r5-fan-out';
import { row6 } from './r6-website-order';
import { row7 } from './r7-memory';
import { row8 } from './r8-clerk-search';
import { row9 } from './r9-scale-out';

export const ROWS: Row[] = [row1, row2, row3, row4, row5, row6, row7, row8, row9];
