/**
 * What every import shares: the city it is cut to, its 町名, and the shape of an error
 * (file and line, so city staff can find the row).
 */
export interface ImportError {
  file: string;
  /** 1-based; 0 when the file as a whole is the problem. */
  line: number;
  message: string;
}

export interface ImportScope {
  municipalityCode: string;
  municipalityName: string;
  /** The city's 町名 (from the 地域包括支援センター's areas in the city file). */
  areas: readonly string[];
}

/**
 * The 町名 an address lies in: the first of the city's areas named right after the city's name
 * (デモ県デモ市北町2-3 → 北町). Longer names are tried first, so 北町 never matches inside 東北町.
 */
export function areaOf(address: string, scope: ImportScope): string | null {
  const at = address.indexOf(scope.municipalityName);
  const rest = at >= 0 ? address.slice(at + scope.municipalityName.length) : address;
  const byLength = [...scope.areas].sort((a, b) => b.length - a.length);
  return byLength.find((area) => rest.startsWith(area)) ?? null;
}

export function formatImportError(e: ImportError): string {
  return `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`;
}
