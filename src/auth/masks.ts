/** Keeps the shape of personal data and hides the middle, so a clerk can match a person without reading them. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

export function maskIdNumber(id: string): string {
  return id.length <= 8 ? '*'.repeat(id.length) : id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

export function maskPhone(phone: string): string {
  return phone.length <= 7 ? '*'.repeat(phone.length) : phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** The mask of each maskable field. */
export const MASKS: Readonly<Record<string, (value: string) => string>> = {
  'Operator.name': maskName,
  'Operator.idNumber': maskIdNumber,
  'Operator.phone': maskPhone,
};
