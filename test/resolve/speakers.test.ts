// Speaker resolution rule by rule, on small news sentences. Attributions are made by hand (source
// phrase and cue, in text order) so these rows test resolveSpeakers alone, not the attribution rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPipeline, STAGES } from '../../src/pipeline.js';
import { loadResources } from '../../src/resources.js';
import { resolveSpeakers } from '../../src/resolve/resolve-speakers.js';
import type { DocAttribution } from '../../src/doc.js';

const resources = loadResources();
const upTo = STAGES.slice(0, STAGES.findIndex(([n]) => n === 'groupEntities') + 1);

/** Resolves hand-made attributions; `content` marks a quotation as the content of the attribution whose cue follows it. */
function resolve(text: string, sources: Array<[phrase: string, cue: string, content?: string]>): Array<[string | null, string]> {
  const doc = runPipeline({ text }, resources, upTo);
  let from = 0;
  doc.attributions = sources.map(([phrase, cue, content], k): DocAttribution => {
    // the phrase as a whole word, not inside a longer name ('Tester' in 'Jon Tester')
    const re = new RegExp(`(?<![A-Z]\\w* )(?<!\\w)${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`, 'g');
    re.lastIndex = from;
    const s = re.exec(text)?.index ?? -1;
    assert.ok(s >= 0, `no "${phrase}" after ${from}`);
    const c = text.indexOf(cue, Math.max(0, s - 80));
    const q = content ? text.indexOf(content) : -1;
    from = s + phrase.length;
    return {
      id: `a${k + 1}`, kind: 'indirect', source: { start: s, end: s + phrase.length, entity: null },
      cue: { start: c, end: c + cue.length, lemma: cue }, content: q >= 0 ? [{ start: q, end: q + content!.length }] : [], rule: 'test',
    };
  });
  resolveSpeakers(doc, resources);
  return doc.attributions.map((a) => [doc.entities.find((e) => e.id === a.source?.entity)?.name ?? null, a.resolution ?? '']);
}

type Row = [text: string, sources: Array<[string, string, string?]>, speakers: Array<string | null>];

const TABLES: Record<string, Row[]> = {
  'pronouns agree in gender': [
    // first names carry gender (gazetteer + models/first-name-gender.tsv)
    ['Hillary Clinton met Jon Tester on Monday. Tester said the bank failed. In a statement, she said it was "outrageous."',
      [['Tester', 'said'], ['she', 'said']], ['Jon Tester', 'Hillary Clinton']],
    ['Donald Trump spoke after Hillary Clinton. Clinton said the plan would fail. He said it would work.',
      [['Clinton', 'said'], ['He', 'said']], ['Hillary Clinton', 'Donald Trump']],
    // first names of the news beyond 2016 US politics (lexicons/names-supplement.tsv)
    ['Weapons were used, according to Mike Rounds, a senator. Vladimir Putin said the decision was a mistake. He warned it was a "dangerous step".',
      [['Mike Rounds', 'according to'], ['Vladimir Putin', 'said'], ['He', 'warned']], ['Mike Rounds', 'Vladimir Putin', 'Vladimir Putin']],
    ['Kaja Kallas met Olaf Scholz in Tallinn. She said the talks went well.',
      [['She', 'said']], ['Kaja Kallas']],
    // a surname alone takes the gender of the one known person of that name (the gazetteer's 'vladimir putin')
    ['Putin, on television, offered condolences to the victims, including Yevgeny Prigozhin, a "talented businessman" he explained he had first met in the 1990s.',
      [['Putin', 'offered', 'condolences to the victims'], ['he', 'explained']], ['Putin', 'Putin']],
    // a previous speaker of unknown gender keeps 'he' against a man only named inside what was reported
    ['Jean-Paul Duval recalled that Emmanuel Moreau never declined to meet. Duval said the talks would go on. "A summit will be useful," he said.',
      [['Jean-Paul Duval', 'recalled', 'that Emmanuel Moreau never declined to meet'], ['Duval', 'said', 'the talks would go on'], ['he', 'said']], ['Jean-Paul Duval', 'Jean-Paul Duval', 'Jean-Paul Duval']],
    // honorifics
    ['Mrs. Alvarez thanked Mr. Okafor. Mr. Okafor said he was moved. She said she was too.',
      [['Mr. Okafor', 'said'], ['She', 'said']], ['Okafor', 'Alvarez']],
    // gendered titles
    ['The spokeswoman Dana Perrin met Senator Hal Brooks. Brooks said the bill would pass. She said it would not.',
      [['Brooks', 'said'], ['She', 'said']], ['Hal Brooks', 'Dana Perrin']],
    // a he/she right after a name in the article
    ['Dr. Quinlan Marsh arrived at noon and she spoke first. Tovin Ardle said the deal was done. "It is not," she said.',
      [['Tovin Ardle', 'said'], ['she', 'said']], ['Tovin Ardle', 'Quinlan Marsh']],
  ],
  'pronouns follow the passage': [
    ['John Smith said the plan failed. Mary Jones said it worked. "It is fine," she said. "No," he said.',
      [['John Smith', 'said'], ['Mary Jones', 'said'], ['she', 'said'], ['he', 'said']], ['John Smith', 'Mary Jones', 'Mary Jones', 'John Smith']],
    // 'Mr. Obama' opening a sentence makes him its subject
    ['John Podesta said the rules would hold. Mr. Obama was less sure. He said the fight would go on.',
      [['John Podesta', 'said'], ['He', 'said']], ['John Podesta', 'Obama']],
    // a speaker far back yields to a man named since
    ['Donald Trump said taxes would fall. The market rose. Bonds fell. Oil was flat. Gold rose. Analysts were calm. Kevin McKinley wrote a book on saving. These days, he said, debt is fine.',
      [['Donald Trump', 'said'], ['he', 'said']], ['Donald Trump', 'Kevin McKinley']],
  ],
  'they and it speak for organisations': [
    ['The European Union announced sanctions. They said more would follow.', [['The European Union', 'announced'], ['They', 'said']], ['European Union', 'European Union']],
    ['The Kremlin warned France. They said more would follow.', [['The Kremlin', 'warned'], ['They', 'said']], ['Kremlin', 'Kremlin']],
    ['NATO met in Brussels. It said the alliance was united.', [['It', 'said']], ['NATO']],
    // far from any organisation, 'they' is a group of people
    ['The State Department released the emails in May. Critics were unmoved. The hearing went on for hours. Republicans said the timing was odd. They said more was to come.',
      [['Republicans', 'said'], ['They', 'said']], [null, null]],
  ],
  'definite descriptions of organisations': [
    ['The International Monetary Fund cut its forecast. The US economy will grow 1.6 percent, the fund said.', [['the fund', 'said']], ['International Monetary Fund']],
    ['The report ran in the Tampa Bay Times on Sunday. The Times said the figures were checked.', [['The Times', 'said']], ['Tampa Bay Times']],
    ['The Environmental Protection Agency issued rules in 2015. Coal states sued. The agency said the rules would stand.', [['The agency', 'said']], ['Environmental Protection Agency']],
    // a person noun is not an organisation's head
    ['The Tax Policy Center issued a report. The director said it was sound.', [['The director', 'said']], [null]],
  ],
  'first person inside a quotation speaks with the quotation': [
    ['"I told him we are ready," Sergey Lavrov said.', [['I', 'told', 'I told him we are ready'], ['Sergey Lavrov', 'said', '"I told him we are ready,"']], ['Sergey Lavrov', 'Sergey Lavrov']],
    ['"We will see," I said.', [['I', 'said']], [null]],
  ],
  'descriptions': [
    ['Peace is near, the Russian foreign minister said on Monday. Sergey Lavrov, the Russian Foreign Minister, added more.',
      [['the Russian foreign minister', 'said'], ['Sergey Lavrov', 'added']], ['Sergey Lavrov', 'Sergey Lavrov']],
    ['Talks may go on, says Russian Foreign Minister Sergey Lavrov. The deal is near, Russia\'s top diplomat said.',
      [['Russian Foreign Minister Sergey Lavrov', 'says'], ['Russia\'s top diplomat', 'said']], ['Sergey Lavrov', 'Sergey Lavrov']],
    // nobody carries the description: the person the passage is about
    ['Donald Trump spoke in Ohio on Monday. The Republican presidential nominee said the economy was weak.',
      [['The Republican presidential nominee', 'said']], ['Donald Trump']],
    ['Mr. Obama opened the museum. "We are America," the president added.', [['Mr. Obama', 'opened'], ['the president', 'added']], ['Obama', 'Obama']],
    // a gendered title rules out the other gender
    ['Hillary Clinton spoke after Tim Kaine. Kaine said the plan was sound. The former first lady said it was overdue.',
      [['Kaine', 'said'], ['The former first lady', 'said']], ['Tim Kaine', 'Hillary Clinton']],
    // indefinite and plural descriptions refer to nobody named
    ['Brian Fallon is the campaign spokesman. Records will follow, a spokesman said.', [['a spokesman', 'said']], [null]],
    ['Officials said nothing.', [['Officials', 'said']], [null]],
  ],
  'names inside a source': [
    ['At least 10 died, according to UN estimates.', [['UN estimates', 'according to']], ['UN']],
    ['Millions fled, according to the UN refugee agency.', [['the UN refugee agency', 'according to']], ['UN refugee agency']],
    // a body of the UN named by what it does speaks for itself, one entity per wording; a bare 'UN agency' is the UN's
    ['At least 10 died, according to UN estimates. Millions fled, according to the UN refugee agency, and the UN refugee agency said more would.',
      [['UN estimates', 'according to'], ['the UN refugee agency', 'according to'], ['the UN refugee agency', 'said']], ['UN', 'UN refugee agency', 'UN refugee agency']],
    ['Inspectors left, the UN nuclear watchdog said.', [['the UN nuclear watchdog', 'said']], ['UN nuclear watchdog']],
    ['Inspectors left, the UN agency said.', [['the UN agency', 'said']], ['UN']],
    ['"It matters," said Charlie King, a prominent New York Democrat.', [['Charlie King, a prominent New York Democrat', 'said']], ['Charlie King']],
    ['Bryan Pagliano refused to testify. Pagliano\'s lawyer said he would not answer.', [['Pagliano\'s lawyer', 'said']], [null]],
    ['"You work hard," a narrator in the Clinton ad says.', [['a narrator in the Clinton ad', 'says']], [null]],
    ['The Clinton campaign said the ad would run in Ohio.', [['The Clinton campaign', 'said']], ['Clinton']],
    ['Representative Charles B. Rangel of Ohio said turnout mattered.', [['Representative Charles B. Rangel of Ohio', 'said']], ['Charles B. Rangel']],
  ],
  'capitals and governments': [
    ['Kyiv has repeatedly dismissed the claims.', [['Kyiv', 'dismissed']], ['Kyiv']],
    ['Moscow accused Kyiv of stalling the talks.', [['Moscow', 'accused']], ['Moscow']],
    ['North Korea tested a missile. The government said more tests would follow.', [['The government', 'said']], ['North Korea']],
    ['The Russian government said the talks would go on.', [['The Russian government', 'said']], [null]],
    // the country the adjective names, not a region filed under the same code and named nearer
    ['Moldova elected a president. Transnistria is a breakaway region. The Moldovan government urged citizens to be calm.', [['The Moldovan government', 'urged']], ['Moldova']],
    ['The White House said the president would travel.', [['The White House', 'said']], ['White House']],
  ],
  'institutions and spokespeople are not the person the passage is about': [
    // an institution named in full is itself, not the previous speaker
    ['Vladimir Putin said Russia did not want war. Later, the Russian Defence Ministry said it had begun to pull back some troops.',
      [['Vladimir Putin', 'said'], ['the Russian Defence Ministry', 'said']], ['Vladimir Putin', 'Russian Defence Ministry']],
    // a spokesperson speaks for someone: never resolved to the previous speaker
    ['Boris Johnson defended the package. The UK government spokesperson told reporters a windfall tax would deter investment.',
      [['Boris Johnson', 'defended'], ['The UK government spokesperson', 'told']], ['Boris Johnson', null]],
    ['Senator Hal Brooks said the bill would pass. The official said the vote was set for Monday.',
      [['Senator Hal Brooks', 'said'], ['The official', 'said']], ['Hal Brooks', null]],
    // 'it' going on with an unresolved thing ('the statement') does not borrow a country named before
    ['Leaders warned Russia over its invasion of Ukraine. In part, the statement read: "We warn against any threat." It continued: "We are resolved in our support."',
      [['the statement', 'read'], ['It', 'continued']], [null, null]],
    // an indefinite description brings in someone new, even when a person with that title is named later
    ['A US official said the weapons could be used. US Secretary of State Antony Blinken stated that the policy had changed.',
      [['A US official', 'said'], ['US Secretary of State Antony Blinken', 'stated']], [null, 'Antony Blinken']],
    // a country named as the source is the country, not the previous speaker
    ['President Emmanuel Macron of France said the sites could be hit. The United Kingdom also expressed a desire for Ukraine to strike inside Russia.',
      [['President Emmanuel Macron of France', 'said'], ['The United Kingdom', 'expressed']], ['Emmanuel Macron', 'United Kingdom']],
    // a relative pronoun is the name it follows: a person for 'who', an organisation or place for 'which'
    ['The plan was backed by Jon Tester, who said it would pass.', [['who', 'said']], ['Jon Tester']],
    ['The bill was passed by the Senate, which said it would act.', [['which', 'said']], ['Senate']],
    ['He met a man who said the war was over.', [['who', 'said']], [null]],
    ['The report was welcomed by the Senate, who said it would act.', [['who', 'said']], [null]],
    // a title that is the speaker's own still is
    ['Senator Hal Brooks said the bill would pass. The senator said the vote was set for Monday.',
      [['Senator Hal Brooks', 'said'], ['The senator', 'said']], ['Hal Brooks', 'Hal Brooks']],
  ],
};

for (const [rule, rows] of Object.entries(TABLES)) {
  for (const [text, sources, expected] of rows) {
    test(`${rule}: ${text}`, () => {
      const got = resolve(text, sources);
      assert.deepEqual(got.map(([name]) => name), expected, got.map(([, why]) => why).join(' | '));
      for (const [name, why] of got) if (name) assert.ok(why.includes(name) || why.startsWith('name') || why.startsWith('surname'), `why names the entity: ${why}`);
    });
  }
}
