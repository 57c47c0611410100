// The chat page's view of link signing, which lives in the pure domain.
export { chatLinkPayload, signChatLink, verifyChatLink, type ChatLinkParams, type ChatLinkVerification } from '../domain/signedLink';
