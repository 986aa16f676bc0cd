"""One Japanese text analysis for both search backends.

Text is normalised (Unicode NFKC: ＡＩ → AI, ﾃﾞｰﾀ → データ; case folding; one long-vowel mark)
and segmented by SudachiPy with its core dictionary. Each word is indexed by the dictionary's
normalized form (サーバ and サーバー meet, as do インタフェース and インターフェース), both as the
compound (split mode C: 機械学習) and as its parts (split mode A: 機械, 学習), so 機械学習 finds
機械学習エンジニア and 「データ 分析」 finds データ分析. Matching is on these tokens, never on raw
substrings, so 京都 does not find 東京都 and AI does not find Rails.

Beside the words, every text carries its character bigrams (prefixed ``~``), used only for query
words the dictionary does not know, and at a lower weight.

Queries are parsed here too: punctuation, quotes, ``*`` and brackets are separators, each word must
match (AND), and the secretariat's synonyms (``search.models.Synonym``) widen a word at query time.
Elasticsearch, PostgreSQL and SQLite all receive the resulting tokens, so the backends agree.
"""

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

GRAM_PREFIX = "~"
# Parts of speech that carry no meaning for search (particles, auxiliaries, symbols, blanks).
SKIPPED_POS = {"助詞", "助動詞", "補助記号", "空白", "記号"}
# Dashes and tildes that IMEs and old systems type where a long-vowel mark is meant.
LONG_VOWEL_LOOKALIKES = "‐‑‒–—―−ｰ-〜～"
KATAKANA_WORD = re.compile(r"^[ァ-ヴー]{4,}$")
SEPARATORS = re.compile(
    r"[\s\"'`*()\[\]{}<>「」『』【】〔〕（）［］｛｝＜＞、。，．・/\\|!?:;=^$%&@~,.]+"
)
MAX_QUERY_WORDS = 10
# Titles and summaries whose analysis for highlighting is kept (per process): a few MB.
HIGHLIGHT_CACHE_SIZE = 20_000

_local = threading.local()


@functools.lru_cache(maxsize=1)
def _dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


def _tokenizer():
    # A Sudachi tokenizer is not thread-safe; one per thread.
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _local.tokenizer = _dictionary().tokenizer()
    return tokenizer


def normalize(text):
    """NFKC, case folding and one long-vowel mark: the form every other step sees."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    # A dash right after katakana is a long-vowel mark typed with the wrong key (サーバ－).
    return re.sub(rf"(?<=[ァ-ヴ])[{re.escape(LONG_VOWEL_LOOKALIKES)}]", "ー", text)


def fold_variant(token):
    """Spelling variants the dictionary may not know: long katakana words drop a final ー
    (コンピューター/コンピュータ, as JIS Z 8301 allows either)."""
    if KATAKANA_WORD.match(token) and token.endswith("ー"):
        return token[:-1]
    return token


@dataclass(frozen=True)
class Morpheme:
    token: str  # normalized form, folded: the key stored and searched
    begin: int  # offsets in the normalised text
    end: int
    known: bool


def _morphemes(normalised, mode, with_parts=False):
    """Morphemes of the normalised text in split mode ``mode``; ``with_parts`` adds, after the
    mode-C morphemes, their mode-A parts (split from the same analysis, not a second one)."""
    from sudachipy import SplitMode

    split = {"C": SplitMode.C, "A": SplitMode.A}[mode]
    out, parts = [], []
    for start, text in _chunks(normalised):
        for m in _tokenizer().tokenize(text, split):
            morpheme = _keep(m, start)
            if morpheme is None:
                continue
            out.append(morpheme)
            if with_parts:
                pieces = m.split(SplitMode.A)
                if len(pieces) > 1:
                    parts.extend(kept for kept in (_keep(p, start) for p in pieces) if kept)
    return out + parts


def _keep(m, start):
    if _skipped_pos(m.part_of_speech_id()):
        return None
    token = _token_key(m.normalized_form())
    if token is None:
        return None
    return Morpheme(token, start + m.begin(), start + m.end(), not m.is_oov())


@functools.lru_cache(maxsize=4096)
def _skipped_pos(pos_id):
    return _dictionary().pos_of(pos_id)[0] in SKIPPED_POS


@functools.lru_cache(maxsize=200_000)
def _token_key(normalized_form):
    """The stored form of a dictionary word (the vocabulary is finite, so this is cached)."""
    token = fold_variant(normalize(normalized_form))
    if not token.strip() or SEPARATORS.fullmatch(token):
        return None
    return token


def _chunks(normalised):
    """Split on separators (Sudachi input stays short) and keep each chunk's offset."""
    position = 0
    for match in SEPARATORS.finditer(normalised):
        if match.start() > position:
            yield position, normalised[position : match.start()]
        position = match.end()
    if position < len(normalised):
        yield position, normalised[position:]


def bigrams(normalised):
    grams = []
    for _start, chunk in _chunks(normalised):
        if len(chunk) == 1:
            grams.append(GRAM_PREFIX + chunk)
        grams.extend(GRAM_PREFIX + chunk[i : i + 2] for i in range(len(chunk) - 1))
    return grams


def word_tokens(text):
    """The word tokens of ``text``: compounds (mode C) and their parts (mode A), in order."""
    return [m.token for m in _morphemes(normalize(text), "C", with_parts=True)]


def index_tokens(text):
    """Everything stored for ``text``: word tokens, then character bigrams (the fallback)."""
    return word_tokens(text) + bigrams(normalize(text))


# ---------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Alternative:
    """Tokens that must all be present; ``weight`` < 1 for the bigram fallback."""

    tokens: tuple
    weight: float = 1.0


@dataclass(frozen=True)
class AnalysedQuery:
    groups: tuple  # each group: tuple of Alternative; every group must match (AND)

    def __bool__(self):
        return bool(self.groups)

    @property
    def highlight_tokens(self):
        return {t for group in self.groups for alt in group for t in alt.tokens}


def query_words(text):
    """The words of a query: punctuation, quotes, ``*`` and brackets separate, they never match."""
    return [w for _start, w in _chunks(normalize(text))][:MAX_QUERY_WORDS]


def analyse_query(text, synonyms=None):
    """Turn what a learner typed into AND-groups of token alternatives."""
    synonyms = load_synonyms() if synonyms is None else synonyms
    groups = []
    for word in query_words(text):
        morphemes = _morphemes(word, "C")
        if not morphemes:
            continue
        key = tuple(m.token for m in morphemes)
        if key in synonyms:
            # The whole word has synonyms: one group, any of its spellings.
            groups.append(_with_synonyms(key, synonyms))
            continue
        unknown = [m for m in morphemes if not m.known]
        if len(morphemes) > 1 and unknown:
            # A word partly unknown to the dictionary: its tokens, or all its bigrams.
            alternatives = [Alternative(key)]
            grams = tuple(dict.fromkeys(bigrams(word)))
            if len(word) > 1:
                alternatives.append(Alternative(grams, 0.5))
            groups.append(tuple(alternatives))
            continue
        for morpheme in morphemes:
            group = list(_with_synonyms((morpheme.token,), synonyms))
            surface = word[morpheme.begin : morpheme.end]
            if not morpheme.known and len(surface) > 1:
                group.append(Alternative(tuple(dict.fromkeys(bigrams(surface))), 0.5))
            groups.append(tuple(group))
    return AnalysedQuery(tuple(dict.fromkeys(groups)))


def _with_synonyms(key, synonyms):
    alternatives = [Alternative(key)]
    alternatives += [Alternative(other) for other in synonyms.get(key, ()) if other != key]
    return tuple(alternatives)


def synonym_map(lines):
    """{token tuple: [token tuples]} from synonym sets such as ``["AI, 人工知能"]``."""
    mapping = {}
    for line in lines:
        keys = []
        for term in re.split(r"[,、，⇔\n]", line):
            morphemes = _morphemes(normalize(term), "C")
            if morphemes:
                keys.append(tuple(m.token for m in morphemes))
        keys = list(dict.fromkeys(keys))
        for key in keys:
            mapping.setdefault(key, [])
            mapping[key] += [k for k in keys if k != key and k not in mapping[key]]
    return mapping


# The synonyms are data (``search.models.Synonym``); the app's ``ready`` hands this module their
# loader, so the analysis never imports the models that import it.
_synonym_loader = None


def set_synonym_loader(loader):
    global _synonym_loader
    _synonym_loader = loader


def load_synonyms():
    return _synonym_loader() if _synonym_loader is not None else {}


# ---------------------------------------------------------------------------- highlights


@functools.lru_cache(maxsize=4096)
def _normalised_piece(piece):
    # Titles and summaries repeat the same few thousand characters; normalising each once saves
    # most of the cost of a highlight.
    return normalize(piece)


def _normalise_with_offsets(text):
    """The normalised text and, for each of its characters, the span it came from in ``text``."""
    out, spans = [], []
    i = 0
    while i < len(text):
        j = i + 1
        # Half-width voiced marks belong to the kana before them (ﾃﾞ → デ).
        while j < len(text) and text[j] in "ﾞﾟ゙゚":
            j += 1
        piece = _normalised_piece(text[i:j])
        out.append(piece)
        spans.extend([(i, j)] * len(piece))
        i = j
    return "".join(out), spans


@functools.lru_cache(maxsize=HIGHLIGHT_CACHE_SIZE)
def _token_spans(text):
    """(token, start, end) of every word of ``text`` in original offsets, analysed once per text:
    the same courses come back for many queries, and only the query's tokens differ."""
    normalised, spans = _normalise_with_offsets(text)
    if len(normalised) != len(spans):
        return ()
    return tuple(
        (m.token, spans[m.begin][0], spans[m.end - 1][1])
        for m in _morphemes(normalised, "C", with_parts=True)
        if m.end > m.begin
    )


def match_spans(text, tokens):
    """Spans of ``text`` (original offsets) whose tokens are among ``tokens``."""
    if not text or not tokens:
        return []
    return [(start, end) for token, start, end in _token_spans(text) if token in tokens]
