// The Zoho nodes' view of the pure domain (kept as one import point for nodes/shared/zoho).
export * from '../domain';
