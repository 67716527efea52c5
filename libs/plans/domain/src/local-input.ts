/** A work email address: what the schema's check allows (the readers of untrusted input are the platform's). */
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
