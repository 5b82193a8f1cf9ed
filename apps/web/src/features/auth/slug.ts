/** A booking address suggested from the business name: "Café Élan & Co." → "cafe-elan-co". */
export function suggestSlug(businessName: string): string {
  return businessName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}
