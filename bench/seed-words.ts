/**
 * Synthetic words for titles and bodies: two consonant-vowel syllables. Topic words use other consonants,
 * so a search for one matches exactly the articles that have it as their topic (1 in TOPICS.length).
 */
function words(consonants: string, vowels: string, suffix: string): string[] {
  const syllables = [...consonants].flatMap((c) => [...vowels].map((v) => c + v));
  return syllables.flatMap((a) => syllables.map((b) => a + b + suffix));
}

export const VOCABULARY = words('klmnrst', 'aeiou', '');
export const TOPICS = words('bdfgpv', 'aeiou', 'r').filter((_, i) => i % 9 === 0);
/** The word the search endpoint looks for: one article in TOPICS.length has it in its title. */
export const SEARCH_TERM = TOPICS[7];
