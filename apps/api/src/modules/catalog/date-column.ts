/** `@db.Date` columns come back as Dates at UTC midnight; the API speaks `YYYY-MM-DD`. */
export const toIsoDate = (date: Date): string => date.toISOString().slice(0, 10);
export const fromIsoDate = (date: string): Date => new Date(`${date}T00:00:00Z`);
