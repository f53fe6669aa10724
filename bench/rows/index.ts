import type { Row } from '../harness';
import { row1 } from './r1-cold-open';

export const ROWS: Row[] = [row1];
