export { locateCheckpatch } from './checkpatchRunner';
