"""Small mail and Usenet threads laid out flat, as bench/mail_shapes.py lays out real ones: where each
message starts and what each quote links to."""

from __future__ import annotations

import itertools

import pytest

from threadnote.config import QuoteSettings
from threadnote.detect.threads import DetectedThread, parse_thread

ANN = (
    "The indexer fails on every message of my archive with an error about the database lock,\n"
    "and then it stops after the first folder without saying why it gave up on the rest."
)
BOB = (
    "See the patch I just posted to the list: it takes the lock once per run instead of once\n"
    "per message, which is also why the first folder was the only one that got indexed."
)
CARL = "Thanks, that fixed it for me here, and the whole archive is indexed in a minute now."


def read(*messages: str) -> DetectedThread:
    text = "---\ntitle: Indexer fails on the lock\n---\n\n" + "\n\n".join(messages) + "\n"
    detected, _ = parse_thread(text, "t/thread.txt", "t", QuoteSettings())
    return detected


def starts(detected: DetectedThread) -> list[str]:
    """Each message's first words."""
    return [" ".join(c.paragraphs[0].text.split()[:3]) for c in detected.thread.comments]


def links(detected: DetectedThread) -> dict[str, str]:
    """Each quoting comment's first words -> the quoted comment's first words."""
    comment_of = {n: c for c in detected.thread.comments for n in range(c.first, c.first + len(c.paragraphs))}
    first = {c.id: " ".join(c.paragraphs[0].text.split()[:3]) for c in detected.thread.comments}
    return {
        first[comment_of[q.paragraph].id]: first[comment_of[q.source].id]
        for q in detected.quotes
        if q.source is not None and q.source >= 0
    }


def usenet_quote(text: str, marker: str) -> str:
    return "\n".join(f"{marker} {line}" for line in text.split("\n"))


def test_usenet_colon_quotes_start_a_message_and_link_to_their_writer() -> None:
    detected = read(
        ANN,
        f"In article <1@news.example.org>, Ann <ann@example.org> writes:\n{usenet_quote(ANN, ':')}",
        BOB,
        f"In article <2@news.example.org>, Bob <bob@example.org> writes:\n{usenet_quote(BOB, ':')}",
        CARL,
    )
    assert starts(detected) == ["The indexer fails", "In article <1@news.example.org>,", "In article <2@news.example.org>,"]
    assert links(detected) == {
        "In article <1@news.example.org>,": "The indexer fails",
        "In article <2@news.example.org>,": "In article <1@news.example.org>,",  # Bob's reply is in that message
    }


def test_bar_and_colon_quotes_of_one_thread_read_alike() -> None:
    bar = read(ANN, f"Ann <ann@example.org> wrote:\n{usenet_quote(ANN, '|')}", BOB)
    colon = read(ANN, f"Ann <ann@example.org> wrote:\n{usenet_quote(ANN, ':')}", BOB)
    assert [p.kind for p in colon.thread.paragraphs] == [p.kind for p in bar.thread.paragraphs] == ["text", "text", "quote", "text"]
    assert starts(colon) == starts(bar) == ["The indexer fails", "Ann <ann@example.org> wrote:"]
    assert [q.source for q in colon.quotes] == [q.source for q in bar.quotes] == [0]


def test_a_lone_colon_line_is_no_quote() -> None:
    detected = read(f"{ANN}\n: not a quote, one line of a label's value", BOB)
    assert all(p.kind == "text" for p in detected.thread.paragraphs)


def test_a_salutation_opens_the_message_its_attribution_line_is_in() -> None:
    detected = read(
        ANN,
        "Hi Ann,",
        f"On Tue, Nov 17, 2009 at 2:00 PM, Ann <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}",
        BOB,
        "Hello all,",
        f"Bob <bob@example.org> wrote:\n{usenet_quote(BOB, '>')}",
        CARL,
    )
    assert starts(detected) == ["The indexer fails", "Hi Ann,", "Hello all,"]
    assert links(detected) == {"Hi Ann,": "The indexer fails", "Hello all,": "Hi Ann,"}


def test_an_attribution_line_names_the_writer_its_quote_links_to() -> None:
    detected = read(
        ANN,
        f"On Tue, Nov 17, 2009 at 2:00 PM, Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}",
        BOB,
        f"Bob Ray <bob@example.org> wrote:\n> Ann Lee wrote:\n{usenet_quote(ANN, '> >')}\n{usenet_quote(BOB, '>')}",
        CARL,
    )
    # the last block quotes Ann's words first and links there, but its own level holds Bob's words: he is named
    assert [c.author for c in detected.thread.comments] == ["Ann Lee", "Bob Ray", None]


JOE_TABLE = "Here is the head of the list:\n    5007 x86\n    3943 Staging\n    3220 USB"
JOE_CASE = "Some subsystem maintainers like upper case, some mixed, some lower, and a few of them change their minds."
JOE_RULE = "It does not seem a rule can be pregenerated, so maybe adding these lines to the file has some value."


@pytest.mark.parametrize("marker", [">", ":", "|"])
@pytest.mark.parametrize("cut", ["code", "elision"])
def test_an_attribution_line_names_the_writer_its_interleaved_quotes_hold(marker: str, cut: str) -> None:
    # the quote right under the line holds only an older attribution and the end of a table (or an
    # elision): the writer's own words are in the quotes the reply answers one by one further down
    joe = f"Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{JOE_TABLE}\n\n{JOE_CASE}\n\n{JOE_RULE}"
    top = f"{marker} Ann Lee wrote:\n{marker} > {ANN.split(chr(10))[0]}\n" + (
        f"{marker}     3220 USB" if cut == "code" else "[...]"
    )
    reply = (
        f"In article <2@news.example.org>, Joe Perches <joe@example.org> writes:\n{top}\n\n"
        f"Case hardly matters to most of us.\n\n{usenet_quote(JOE_CASE, marker)}\n\nHopefully it will not go that far.\n\n"
        f"{usenet_quote(JOE_RULE, marker)}\n\nBob"
    )
    detected = read(ANN, joe, reply)
    assert [c.author for c in detected.thread.comments] == ["Ann Lee", "Joe Perches", "Bob"]


def top_posted(reply: str, attribution: str, message: str) -> str:
    """A reply written over its attribution line and the whole message it answers, quoted."""
    return f"{reply}\n\n{attribution}\n{usenet_quote(message, '>')}"


def test_a_reply_top_posted_over_its_attribution_starts_where_the_quoted_message_ends() -> None:
    bob = top_posted(BOB, "On Tue, Nov 17, 2009 at 2:00 PM, Ann <ann@example.org> wrote:", ANN)
    carl = top_posted(CARL, "On Tue, Nov 17, 2009 at 3:00 PM, Bob <bob@example.org> wrote:", bob)
    detected = read(ANN, bob, carl)
    assert starts(detected) == ["The indexer fails", "See the patch", "Thanks, that fixed"]
    assert links(detected) == {"See the patch": "The indexer fails", "Thanks, that fixed": "The indexer fails"}


def test_a_bottom_posted_reply_that_trims_the_quote_still_opens_at_its_attribution() -> None:
    ann = f"{ANN}\n\nIt worked last week, before the upgrade to the new version of the library."
    bob = f"On Tue, Nov 17, 2009 at 2:00 PM, Ann <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}"
    carl = f"On Tue, Nov 17, 2009 at 3:00 PM, Bob <bob@example.org> wrote:\n> Ann wrote:\n{usenet_quote(ANN, '> >')}\n{usenet_quote(BOB, '>')}\n\n{CARL}"
    detected = read(ann, bob, carl)
    assert starts(detected) == ["The indexer fails", "On Tue, Nov", "On Tue, Nov"]


def test_bar_quotes_with_bare_bars_and_footnote_marks_read_as_one_quote() -> None:
    ann = f"{ANN} See [1].\n\n[1] https://example.org/lock"
    bar = "\n".join(["Ann <ann@example.org> writes:", usenet_quote(ANN + " See [1].", "|"), "|", "| [1] https://example.org/lock"])
    detected = read(ann, bar, BOB)
    paragraphs = detected.thread.paragraphs
    assert [p.kind for p in paragraphs] == ["text", "text", "text", "quote", "text"]
    assert paragraphs[1].text.startswith("[1]") and paragraphs[3].text.endswith("[1] https://example.org/lock")
    assert [q.source for q in detected.quotes] == [0]


def test_a_markdown_table_is_no_bar_quote() -> None:
    detected = read(ANN, "| option | value |\n|---|---|\n| lock | once |", BOB)
    assert all(p.kind != "quote" for p in detected.thread.paragraphs)


def test_bar_and_colon_lines_inside_fenced_code_stay_as_written() -> None:
    code = "```\n: ${LOCK:=/tmp/lock}\n: ${RUNS:=1}\n| grep lock\n| sort\n```"
    detected = read(ANN, code, BOB)
    assert all(p.kind != "quote" for p in detected.thread.paragraphs)
    assert any(": ${LOCK:=/tmp/lock}\n: ${RUNS:=1}\n| grep lock" in p.text for p in detected.thread.paragraphs)


def test_a_requote_that_first_carried_an_attribution_line_is_not_the_source_of_the_words_under_it() -> None:
    # Carl's quote of Bob keeps an attribution line no message wrote on its own; Dan's quote of that
    # quote holds those words too, but Bob wrote the words under it
    ann_line = "On Tue, 17 Nov 2009 14:00:54 -0500 Ann Lee wrote:"
    bob = f"In article <1@news.example.org>, Ann Lee <ann@example.org> writes:\n{usenet_quote(ANN, ':')}\n\n{BOB}"
    carl = f"In article <2@news.example.org>, Bob Ray <bob@example.org> writes:\n: {ann_line}\n{usenet_quote(BOB, ':')}\n\n{CARL}"
    dan = (
        f"In article <3@news.example.org>, Carl Fox <carl@example.org> writes:\n: Bob Ray <bob@example.org> wrote:\n"
        f": > {ann_line}\n{usenet_quote(BOB, ': >')}\n\nSo the lock was the whole story, good to know for the next release."
    )
    detected = read(ANN, bob, carl, dan)
    assert starts(detected) == ["The indexer fails", "In article <1@news.example.org>,", "In article <2@news.example.org>,", "In article <3@news.example.org>,"]
    assert links(detected)["In article <3@news.example.org>,"] == "In article <1@news.example.org>,"


def test_a_lone_colon_line_that_repeats_an_earlier_line_is_a_quote() -> None:
    # a one-line quote with no attribution over it, opening a message: its words are an earlier message's
    bob = f"Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\nSee the patch I just posted to the list.\n\n-- \nBob Ray"
    asked = "Is the list archived anywhere? I could not find the patch there, nor in the repository."
    ann = f": See the patch I just posted to the list.\n\n{asked}\n\n-- \nAnn Lee"
    carl = f"In article <2@news.example.org>, Ann Lee <ann@example.org> writes:\n{usenet_quote(asked, '>')}\n\n{CARL}"
    detected = read(ANN, bob, ann, carl)
    assert detected.thread.paragraphs[5].kind == "quote"
    assert starts(detected) == ["The indexer fails", "Ann Lee <ann@example.org>", "See the patch", "In article <2@news.example.org>,"]
    assert links(detected) == {
        "Ann Lee <ann@example.org>": "The indexer fails",
        "See the patch": "Ann Lee <ann@example.org>",
        "In article <2@news.example.org>,": "See the patch",
    }


def test_a_lone_colon_line_that_repeats_too_few_words_is_no_quote() -> None:
    detected = read(f"{ANN}\nstatus: fixed", BOB, f": fixed\n\n{CARL}")
    assert all(p.kind == "text" for p in detected.thread.paragraphs)



def elided_quote(message: str, marker: str) -> str:
    """A quote as a newsreader trims it: its first four lines and its last two, the middle marked as left out."""
    lines = usenet_quote(message, marker).split("\n")
    return "\n".join([*lines[:4], "[...]", *lines[-2:]]) if len(lines) > 6 else "\n".join(lines)


def test_replies_top_posted_over_quotes_cut_short_start_where_their_own_words_do() -> None:
    # each writer answers above "In article ..., X writes:" and the whole message above, its middle
    # cut: the nested attribution lines that would show the top-posting are cut with it, and the
    # end of Ann's quote is the footer the list added to her mail, which no message shows
    ann = (
        f"Hello all,\n\n{ANN}\n\nThe log says the lock file is stale, but no other indexer runs on this machine,\n"
        "and removing the file by hand only helps until the next run starts and takes it again."
    )
    bob = f"{BOB}\n\nWhich version of the library do you run? The fix needs the one from last month."
    carl = f"{CARL}\n\nIt was the version from last year, so the upgrade alone would have fixed it too."
    dan = "Good to hear it works now: I will close the bug report, and note the version it needs."

    def answer(reply: str, ident: int, writer: str, message: str) -> str:
        return f"{reply}\n\nIn article <{ident}@news.example.org>, {writer} <{writer.lower()}@example.org> writes:\n{elided_quote(message, ':')}"

    footer = "_______________________________________________\nIndexer mailing list\nhttps://lists.example.org/indexer"
    bob_message = answer(bob, 1, "Ann", f"{ann}\n{footer}")
    carl_message = answer(carl, 2, "Bob", bob_message)
    detected = read(ann, bob_message, carl_message, answer(dan, 3, "Carl", carl_message))
    assert starts(detected) == ["Hello all,", "See the patch", "Thanks, that fixed", "Good to hear"]


def test_a_sign_off_with_its_name_ends_its_message() -> None:
    # "Cheers,\nDan" closes Dan's mail: the next paragraph opens another message, however it is worded
    ann = f"Ann Lee <ann@example.org> wrote:\n{usenet_quote(BOB, '>')}\n\n{ANN}"
    dan = f"Bob Ray <bob@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{CARL}\n\nCheers,\nDan"
    notice = "Committers of the indexer,\n\nThis automatically generated message marks the end of the vote on the lock patch."
    detected = read(BOB, ann, dan, notice)
    assert starts(detected) == ["See the patch", "Ann Lee <ann@example.org>", "Bob Ray <bob@example.org>", "Committers of the"]


SIGN_OFFS = ("Rgds,", "Have fun,", "Viele Grüße,", "Bien à vous,", "Saludos cordiales,")
SIGNERS = ("Eugenia", "Jörg Ødegård", "Łukasz", "张伟")
TAILS = {
    "alone": "",
    "postscript": "P.S.: the lock patch is in the nightly build too.",
    "attachment": "-------------- next part --------------\nA non-text attachment was scrubbed...\nName: signature.asc",
}
"""Under a sign-off: nothing, a postscript, an archive's note of a scrubbed attachment."""
SIGNED = [(o, n, list(TAILS)[k % len(TAILS)]) for k, (o, n) in enumerate(itertools.product(SIGN_OFFS, SIGNERS))]
"""Each sign-off with each name, under each in turn one of the TAILS."""


@pytest.mark.parametrize(("sign_off", "signer", "tail"), SIGNED, ids=["-".join(case) for case in SIGNED])
def test_a_sign_off_in_any_words_names_its_writer(sign_off: str, signer: str, tail: str) -> None:
    # a short line ending in a comma over a name closes a mail, whatever its words and language;
    # the name is nowhere else in the thread, so only the sign-off says who wrote the message
    bob = f"On Tue, 17 Nov 2009 14:00:54 -0500, Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}"
    signed = f"Bob Ray <bob@example.org> wrote:\n{usenet_quote(BOB, '>')}\n\n{CARL}\n\n{sign_off}\n{signer}"
    detected = read(ANN, bob, signed + (f"\n\n{TAILS[tail]}" if TAILS[tail] else ""))
    assert [c.author for c in detected.thread.comments] == ["Ann Lee", "Bob Ray", signer]


def test_a_sign_off_names_its_writer_over_their_address() -> None:
    bob = f"On Tue, 17 Nov 2009 14:00:54 -0500, Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}"
    signed = f"Bob Ray <bob@example.org> wrote:\n{usenet_quote(BOB, '>')}\n\n{CARL}\n\nRegards,\nCarl Fox <carl@example.org>"
    assert [c.author for c in read(ANN, bob, signed).thread.comments] == ["Ann Lee", "Bob Ray", "Carl Fox"]


@pytest.mark.parametrize(
    "reply",
    [
        "Thanks, Joe",  # right under the quote: it thanks the quoted writer
        f"{CARL}\n\nI would have loved to see this in the release notes,\nJoe",  # a sentence, too long for a sign-off
        f"{CARL}\n\nCheers,\nthe indexer team",  # no name
        f"{CARL}\n\nThanks for the fix,\nBob",  # the writer the reply answers
    ],
)
def test_a_closing_line_that_is_no_sign_off_names_no_one(reply: str) -> None:
    joe = f"Joe Perches <joe@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}"
    detected = read(ANN, joe, f"Bob Ray <bob@example.org> wrote:\n{usenet_quote(BOB, '>')}\n\n{reply}")
    assert detected.thread.comments[-1].author is None


def test_a_message_ending_on_a_quoted_sign_off_is_not_its_writers() -> None:
    # Steve signs "-- Thanks, Steve" under a `-- ` line; Ming answers in between his lines and ends
    # on his quoted sign-off, which names Steve, not her
    steve = f"Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}\n\n-- Thanks,\nSteve"
    ming = f"Steve Fox <steve@example.org> wrote:\n{usenet_quote(BOB, '>')}\n\n{CARL}\n\n> -- Thanks,\n> Steve"
    detected = read(ANN, steve, ming)
    assert [c.author for c in detected.thread.comments] == ["Ann Lee", "Steve Fox", None]


def test_outside_mail_a_last_line_to_someone_names_no_one() -> None:
    # no attribution lines: a blog's comments, where "Nice work, Sam" answers Sam
    detected = read(ANN, f"{BOB}\n\nNice work,\nSam")
    assert all(c.author is None for c in detected.thread.comments)


def test_a_name_signed_short_is_the_full_name_attribution_lines_give() -> None:
    bob = f"{BOB}\n\nRegards,\nBo"
    carl = f"On Tue, 17 Nov 2009 14:00:54 -0500, Bob Ray <bob@example.org> wrote:\n{usenet_quote(BOB, '>')}\n\n{CARL}\n\nCarl"
    dan = f"On Tue, 17 Nov 2009 15:00:54 -0500, Carl Fox wrote:\n{usenet_quote(CARL, '>')}\n\nSo the lock was the whole story.\n\n-- \nDan"
    detected = read(bob, carl, dan)
    # "Dan" matches no full name the thread gives: it stays as signed
    assert [c.author for c in detected.thread.comments] == ["Bob Ray", "Carl Fox", "Dan"]


def test_a_signature_block_names_its_writer_by_the_full_name_it_opens_with() -> None:
    bob = f"On Tue, 17 Nov 2009 14:00:54 -0500, Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}\n\n-- \nhttps://bob.example.org/"
    signature = "-- \nAnn Lee\nIndexing Team, Example University\nhttps://example.org/~ann"
    ann = f"On Tue, 17 Nov 2009 15:00:54 -0500, Bob wrote:\n{usenet_quote(BOB, '>')}\n\n{CARL}\n\n{signature}"
    detected = read(ANN, bob, ann)
    # a block of a web address alone names no one: Bob is named by the line over Ann's quote
    assert [c.author for c in detected.thread.comments] == ["Ann Lee", "Bob", "Ann Lee"]



def test_a_dashed_signature_names_its_writer_by_its_first_word() -> None:
    # nobody quotes these two replies: only their signatures say who wrote them
    bob = f"On Tue, 17 Nov 2009 14:00:54 -0500, Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}\n\n---\n~Bob\n*** Remember to run the tests before you post ***"
    carl = f"On Tue, 17 Nov 2009 15:00:54 -0500, Bob Ray <bob@example.org> wrote:\n{usenet_quote(BOB, '>')}\n\n{CARL}\n\n-carl"
    detected = read(ANN, f"On Mon, 16 Nov 2009 09:00:00 -0500, Bob Ray wrote:\n> Is the indexer of any use yet?\n\n{ANN}", bob, carl)
    assert [c.author for c in detected.thread.comments][-2:] == ["Bob Ray", "carl"]


@pytest.mark.parametrize(
    ("message", "no_name"),
    [
        # pipermail's head is a name, `user at host` and its date: without the date it is prose
        (f"Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}\n\nThe docs are hosted at readthedocs.io\n\nCheers,\nBob", "The docs are"),
        # a colon over a quote of code is no attribution line
        (f"I tried this in Python:\n{usenet_quote(ANN, '>')}\n\n{BOB}", "Python"),
    ],
)
def test_a_line_that_is_no_head_nor_attribution_names_no_one(message: str, no_name: str) -> None:
    assert no_name not in [c.author for c in read(ANN, message).thread.comments]


def test_thanks_with_a_name_right_under_a_quote_opens_the_reply() -> None:
    # under a quote, "Thanks, Joe." thanks the quoted writer: it is the reply's first words, no sign-off
    joe = f"Joe Perches <joe@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}"
    reply = f"Joe Perches <joe@example.org> wrote:\n{usenet_quote(BOB, '>')}\n\nThanks, Joe.\n\n{CARL}"
    detected = read(ANN, joe, reply)
    assert [len(c.paragraphs) for c in detected.thread.comments][-1] == 4
    assert starts(detected)[-1] == "Joe Perches <joe@example.org>"


def test_an_archive_head_names_and_dates_its_message_and_is_no_text() -> None:
    ann = f"From: Ann Lee <ann@example.org>\nDate: Tue, 17 Nov 2009 14:00:54 -0500\nSubject: Indexer fails\n\n{ANN}"
    bob = f"Bob Ray bob at example.org\nTue Nov 17 15:12:01 2009\n\n{BOB}\n\n{CARL}"
    detected = read(ann, bob)
    assert [(c.author, c.time) for c in detected.thread.comments] == [("Ann Lee", "Tue, 17 Nov 2009 14:00:54 -0500"), ("Bob Ray", "Tue Nov 17 15:12:01 2009")]
    # the heads are the page's, as a learnt template's heads are: each message opens with its own words
    assert starts(detected) == ["The indexer fails", "See the patch"]


def test_forwarded_heads_inside_messages_make_no_archive() -> None:
    # two replies that each paste a forwarded message's head: the page is no archive, whose heads are
    # chrome; the pasted heads stay words of the replies
    forwarded = "From: Dan Roe <dan@example.org>\nDate: Mon, 16 Nov 2009 09:00:00 -0500\nSubject: lock patch"
    bob = f"Ann Lee <ann@example.org> wrote:\n{usenet_quote(ANN, '>')}\n\n{BOB}\n\nHere is what Dan sent me:\n\n{forwarded}\n\n{CARL}"
    carl = f"Bob Ray <bob@example.org> wrote:\n{usenet_quote(BOB, '>')}\n\nSo did I:\n\n{forwarded}\n\n{CARL}"
    detected = read(ANN, bob, carl)
    pasted = [p.text for c in detected.thread.comments for p in c.paragraphs if p.text.startswith("From: Dan Roe")]
    assert len(pasted) == 2
