#!/usr/bin/env python3
# ruff: noqa  (a verbatim copy of shared/bench/gen_thread.py, kept as is so its output stays byte-identical)
"""Deterministic generator of a synthetic news-site comment thread.

    python gen_thread.py N OUTDIR [--seed S]

Writes into OUTDIR:
  thread.txt        plain-text thread as a scraper would save it (title line,
                    byline line, blank lines, then per comment: author line,
                    time line, blank, paragraphs separated by blank lines,
                    an action line).  Quotes appear verbatim, unmarked.
  thread.json       [{id, author, body_markdown, quote_of, notes:[...]}, ...]
                    quotes are '> ' blockquotes at the start of body_markdown.
  annotations.yaml  editors' notes on ~5% of comments
                    (- comment, type, editor, body: markdown).
Same N and seed -> byte-identical files.  Standard library only.
"""
import argparse
import json
import os
import random

WORDS = """
the of and to in a is that for it as was with be by on not he this are or his
from at which but have an they you were her she there been one all we their has
would when if so no will can more about said what up its out into them than
only other could time new some these two may first then do any like my now over
such our man me even most made after also did many before must through back
years where much your way well down should because each just those people how
too little state good very make world still own see men work long get here
between both life being under never day same another know while last might us
great old year off come since against go came right used take three council
government minister policy budget school hospital housing rent prices wages
inflation tax taxes voters election party leader mayor police court judge law
report reporter article story headline editor paper journalism readers comment
comments thread opinion argument evidence data figure figures numbers survey
study research scientist scientists climate weather flood floods drought summer
winter traffic road roads bridge train trains bus buses station airport airline
energy power bills electricity gas petrol diesel cars bikes cycle lanes parking
village town city county region country nation border trade market markets
shares bank banks interest mortgage loan loans debt deficit spending services
nurse nurses doctor doctors teacher teachers students parents children family
families neighbour neighbours community local national public private business
businesses shop shops jobs workers union strike strikes pension pensions retired
history decade century generation future past present plan plans promise promises
problem problems solution answer question questions point points fact facts
honestly frankly actually really simply clearly obviously perhaps maybe probably
certainly surely hardly nearly almost quite rather pretty fairly entirely
agree disagree think believe suspect doubt wonder remember forget notice expect
argue claim claims suggest suggests mention mentioned ignore ignored explain
explained understand understood support supported oppose opposed vote voted
build built pay paid cost costs rise rising fall falling cut cuts raise raised
blame blamed fix fixed waste wasted fund funded count counted change changed
cheap expensive fair unfair wrong true false real fake simple difficult easy
hard obvious strange odd funny sad angry tired worried hopeful careful careless
small large huge tiny whole half early late recent modern ancient rural urban
nothing something everything anything nobody somebody everybody anyone everyone
why because although though unless until whether either neither however instead
meanwhile otherwise therefore anyway besides indeed
""".split()

CONTRACTIONS = ["don’t", "can’t", "won’t", "isn’t", "wasn’t", "it’s",
                "that’s", "they’re", "we’re", "I’m", "I’ve", "didn’t",
                "doesn’t", "there’s", "you’re", "wouldn’t", "shouldn’t"]

FIRST = """alex sam jo chris pat robin kim lee morgan taylor jamie casey
dana riley jordan avery quinn drew sky rowan ellis frankie harper toni
noor aisha omar yusuf mei wei hana kenji ines jose lucia marco anna olga
piotr ivan sofia elena nikos femi tunde ama kofi priya ravi anil deepa""".split()
LAST = """smith jones brown taylor wilson evans thomas roberts walker wright
hughes green hall wood clarke jackson white harris martin cooper king
okafor mensah nguyen tanaka kowalski novak rossi garcia silva khan patel
singh ahmed ali murphy kelly byrne walsh ryan""".split()
HANDLES = """maple_grove oldtimer northerner commuter taxpayer grumpy sceptic
realist optimist pragmatist bystander lurker localvoter oakwood riverside
hilltop seaside""".split()

EDITORS = ["j.okafor", "m.tanaka", "s.novak", "r.patel", "k.walsh"]
NOTE_TYPES = ["fact-check", "context", "moderation"]
SOURCES = ["the council minutes", "the 2023 budget report", "the census tables",
           "the original article", "the court judgment", "the survey release",
           "the regulator’s statement", "our earlier coverage"]


def make_authors(rng, n):
    names = set()
    out = []
    while len(out) < n:
        r = rng.random()
        if r < 0.45:
            name = f"{rng.choice(FIRST)}_{rng.choice(LAST)}"
        elif r < 0.75:
            name = f"{rng.choice(HANDLES)}{rng.randint(1, 999)}"
        else:
            name = f"{rng.choice(FIRST).capitalize()}{rng.choice(LAST).capitalize()}{rng.randint(10, 99)}"
        if name not in names:
            names.add(name)
            out.append(name)
    return out


def sentence(rng):
    n = rng.randint(5, 22)
    words = rng.choices(WORDS, k=n)
    r = rng.random()
    if r < 0.15:
        words[rng.randrange(n)] = rng.choice(CONTRACTIONS)
    elif r < 0.22:
        # a number with a non-breaking space before its unit
        words[rng.randrange(n)] = f"{rng.randint(2, 95)}\u00a0{rng.choice(['per cent', 'km', 'million', 'years', 'pounds'])}"
    elif r < 0.28:
        i = rng.randrange(max(1, n - 3))
        words[i] = "“" + words[i]
        words[i + 2] = words[i + 2] + "”"
    elif r < 0.32:
        words.insert(rng.randrange(1, n), "—")
    first = words[0]
    k = 1 if first[0] == "“" else 0
    words[0] = first[:k] + first[k].upper() + first[k + 1:]
    if rng.random() < 0.12:
        i = rng.randrange(1, len(words) - 1)
        if words[i][-1].isalpha():
            words[i] = words[i] + ","
    end = rng.choices([".", "?", "!", "…"], weights=[78, 10, 5, 7])[0]
    return " ".join(words) + end


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))


def note_body(rng, cid):
    kind = rng.choice(NOTE_TYPES)
    src = rng.choice(SOURCES)
    url = f"https://example.org/{kind}/{cid}/{rng.randint(1000, 9999)}"
    if kind == "fact-check":
        first = (f"The figure quoted here is *not supported* by {src}; "
                 f"see [the source]({url}) for the published numbers.")
    elif kind == "context":
        first = (f"For context: this refers to {src}, which is **summarised** "
                 f"[here]({url}). {sentence(rng)}")
    else:
        first = (f"Part of this comment was *removed* under our "
                 f"[community guidelines]({url}).")
    paras = [first]
    if rng.random() < 0.4:
        paras.append(paragraph(rng))
    return kind, "\n\n".join(paras)


def generate(n, seed):
    rng = random.Random(seed)
    authors = make_authors(rng, max(8, n // 6))
    comments = []
    for i in range(n):
        cid = f"c{i + 1:06d}"
        author = rng.choice(authors)
        k = rng.choices([1, 2, 3, 4, 5, 6], weights=[34, 26, 18, 11, 7, 4])[0]
        paras = [paragraph(rng) for _ in range(k)]
        quote_of = None
        quote_text = None
        if i > 0 and rng.random() < 0.15:
            target = comments[rng.randrange(max(0, i - 50), i)]
            paras[0] = f"@{target['author']} " + paras[0]
        if i > 5 and rng.random() < 0.10:
            # verbatim quote of an earlier paragraph, or a long prefix of one;
            # mostly recent comments, sometimes far back in the thread
            if rng.random() < 0.8:
                j = rng.randrange(max(0, i - 200), i)
            else:
                j = rng.randrange(0, i)
            target = comments[j]
            tparas = target["_paras"]
            if target["quote_of"] is not None and len(tparas) > 1:
                tparas = tparas[1:]  # never quote a quote
            qp = rng.choice(tparas)
            if len(qp) > 120 and rng.random() < 0.4:
                cut = qp.rfind(" ", 0, int(len(qp) * rng.uniform(0.5, 0.9)))
                qp = qp[:cut] if cut > 60 else qp
            quote_of = target["id"]
            quote_text = qp
        body_paras = ([quote_text] if quote_text else []) + paras
        md = ([f"> {quote_text}"] if quote_text else []) + paras
        comments.append({
            "id": cid,
            "author": author,
            "body_markdown": "\n\n".join(md),
            "quote_of": quote_of,
            "notes": [],
            "_paras": body_paras,
            "_time": (i * 47) // 60,  # minutes since the article was posted
        })
    # editors' notes on ~5% of comments
    notes = []
    for c in comments:
        if rng.random() < 0.05:
            for _ in range(1 if rng.random() < 0.85 else 2):
                kind, body = note_body(rng, c["id"])
                note = {"type": kind, "editor": rng.choice(EDITORS),
                        "body_markdown": body}
                c["notes"].append(note)
                notes.append((c["id"], note))
    return comments, notes


def fmt_time(minutes):
    day = 12 + minutes // 1440
    h, m = divmod(minutes % 1440, 60)
    return f"{day} March 2024 at {h:02d}:{m:02d}"


def write_txt(path, comments, title):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{title}\n")
        f.write(f"By Staff Reporter | 12 March 2024 | {len(comments):,} comments\n\n\n")
        for c in comments:
            f.write(f"{c['author']}\n{fmt_time(c['_time'])}\n\n")
            f.write("\n\n".join(c["_paras"]))
            f.write("\n\nReply · Share · Report\n\n\n")


def write_json(path, comments):
    out = [{k: c[k] for k in ("id", "author", "body_markdown", "quote_of", "notes")}
           for c in comments]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_yaml(path, notes):
    # hand-written YAML so bodies come out as literal blocks, byte-stable
    with open(path, "w", encoding="utf-8") as f:
        f.write("# editors' annotations: one entry per note\n")
        for cid, note in notes:
            f.write(f"- comment: {cid}\n  type: {note['type']}\n"
                    f"  editor: {note['editor']}\n  body: |\n")
            for line in note["body_markdown"].split("\n"):
                f.write(f"    {line}\n" if line else "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20240312)
    a = ap.parse_args()
    comments, notes = generate(a.n, a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    title = "Council approves new bus lanes despite objections: readers respond"
    write_txt(os.path.join(a.outdir, "thread.txt"), comments, title)
    write_json(os.path.join(a.outdir, "thread.json"), comments)
    write_yaml(os.path.join(a.outdir, "annotations.yaml"), notes)


if __name__ == "__main__":
    main()
