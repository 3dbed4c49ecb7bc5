/**
 * Text with the password of every MongoDB URI in it replaced by `****`:
 * driver errors can quote the URI, and credentials must never reach a log.
 */
export function maskCredentials(text: string): string {
  return text.replace(/(mongodb(?:\+srv)?:\/\/[^:@/\s]*:)[^@/\s]*@/g, '$1****@');
}
