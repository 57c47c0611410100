export * from './dailyNote';
export * from './noteContent';
export * from './ownerResolution';
export * from './phone';
export * from './signedLink';
export * from './timelinesEvent';
