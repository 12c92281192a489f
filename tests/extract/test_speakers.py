"""Speaker rule families of issue #13, one (text, expected claims) table each.

expected: sorted (claimant key, claimant kind, content) of every claim, or for relays the
relaying actor too. Sentences are written for the test; they name no corpus article.
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.orgs import acronym_after, media_names, state_organisations
from kg.extract.transcripts import classify
from kg.model import ActorRef, Article, Mention, Span


def rows(text: str, publisher: str = "Test Wire") -> list[tuple[str, str, str]]:
    x = extract(Article(id="t", title="t", publisher=publisher, body=text))
    for c in x.claims:
        assert text[c.content.start : c.content.end] == c.text
    return sorted({(c.claimant.key, c.claimant.kind, c.text) for c in x.claims})


# 1-3: organisations named by common nouns with a state modifier, acronyms, states kept apart
ORGANISATIONS = [
    ("The Indian consulate in Dubai on Monday criticised the new visa rules. "
     "The consulate said the rules would hurt workers.",
     [("indian-consulate", "Organization", "the new visa rules"),
      ("indian-consulate", "Organization", "the rules would hurt workers")]),
    ("The Chinese commerce ministry said exports rose. Later the ministry added that imports fell.",
     [("chinese-commerce-ministry", "Organization", "exports rose"),
      ("chinese-commerce-ministry", "Organization", "imports fell")]),
    ("Japan's Ministry of Economy, Trade and Industry (METI) said exports fell. METI added that the curbs would stay.",
     [("japanese-ministry-of-economy-trade-and-industry", "Organization", "exports fell"),
      ("japanese-ministry-of-economy-trade-and-industry", "Organization", "the curbs would stay")]),
    ("China's Defense Ministry said the drills were routine. Japan's Defense Ministry said they were provocative.",
     [("chinese-defense-ministry", "Organization", "the drills were routine"),
      ("japanese-defense-ministry", "Organization", "they were provocative")]),
    # "the Chinese government" is China (state noun), never an organisation
    ("The Chinese government said the talks were useful.", [("china", "State", "the talks were useful")]),
]


@pytest.mark.parametrize(("text", "expected"), ORGANISATIONS)
def test_organisations_named_by_common_nouns(text, expected):
    assert rows(text) == sorted(expected)


# 4-5, 7: who speaks: subject of the reporting verb, issuers, relays, data, coordinated speakers
SPEAKERS = [
    ("The Canadian foreign ministry issued a statement. In the face of threats, the ministry said, "
     "Canada would welcome more exchanges.",
     [("canadian-foreign-ministry", "Organization", "Canada would welcome more exchanges")]),
    ("Appreciating the efforts made by the UN, the Arab League and Qatar, Amr said Egypt was committed to peace.",
     [("amr", "Person", "Egypt was committed to peace")]),
    ("According to the statement issued by Tokyo, Seoul agreed to stop the drills.",
     [("japan", "State", "Seoul agreed to stop the drills")]),
    ("South Korean news agency Yonhap said the talks had failed.",
     [("yonhap", "Organization", "the talks had failed")]),
    ("State broadcaster NHK is reporting that the minister will resign.",
     [("nhk", "Organization", "the minister will resign")]),
    ("The Yomiuri newspaper quoted Prime Minister Fumio Kishida as saying the plan was sound.",
     [("fumio-kishida", "Person", "the plan was sound"), ("yomiuri", "Organization", "the plan was sound")]),
    ("Data from the statistics bureau showed exports fell 5 percent in May.",
     [("statistics-bureau", "Organization", "exports fell 5 percent in May")]),
    ("The new film shows that the city has changed.", []),  # "show" speaks only for data with a source
    ("Officials agreed to go ahead, the Wall Street Journal reported, citing US officials briefed on the talks.",
     [("united-states", "State", "Officials agreed to go ahead"),
      ("wall-street-journal", "Organization", "Officials agreed to go ahead")]),
    ("Commissioner for Equality, Helena Dalli, added: “This day is a call for action against discrimination.”",
     [("helena-dalli", "Person", "This day is a call for action against discrimination")]),
    ("In a weekly briefing, Foreign Office Spokesperson Shafqat Ali Khan stated that talks were premature.",
     [("shafqat-ali-khan", "Person", "talks were premature")]),
    ("A judge on Tuesday said he would rule soon, demanding that Postmaster General Ann Lake appear.\n\n"
     "“Where are the ballots,” U.S. District Judge Tom Grey said.",
     [("tom-grey", "Person", "Postmaster General Ann Lake appear"), ("tom-grey", "Person", "Where are the ballots"),
      ("tom-grey", "Person", "he would rule soon, demanding that Postmaster General Ann Lake appear")]),
    ("Analysts Tom Lee, Ann Wu and Raj Patel told clients that the rally would fade.",
     [("ann-wu", "Person", "the rally would fade"), ("raj-patel", "Person", "the rally would fade"),
      ("tom-lee", "Person", "the rally would fade")]),
    ("Bankers were upbeat on Tuesday, said Tom Lee.\n\n“We have never seen demand like this for new bonds.”\n\n"
     "— Spokesperson Jane Doe on the bond sale",
     [("jane-doe", "Person", "We have never seen demand like this for new bonds"),
      ("tom-lee", "Person", "Bankers were upbeat on Tuesday")]),
]


@pytest.mark.parametrize(("text", "expected"), SPEAKERS)
def test_speaker_is_who_reports(text, expected):
    assert rows(text) == sorted(expected)


# 6: transcript labels
TRANSCRIPTS = [
    ("Deputy press secretary Sarah Huckabee Sanders took questions.\n\nSANDERS: Good afternoon. The president is "
     "pleased to see the process moving forward.\n\nAnthem is leaving the exchanges in Indiana.\n\n"
     "QUESTION: Thank you, Sarah. Will he sign it?",
     [("sarah-huckabee-sanders", "Person", "Anthem is leaving the exchanges in Indiana"),
      ("sarah-huckabee-sanders", "Person", "The president is pleased to see the process moving forward")]),
    ("Regular press conference of the ministry.\n\nQuestion: What is your comment on the tariffs?\n\n"
     "Spokesperson: I would like to reiterate that the tariffs are illegal. We urge the US to correct its mistakes.",
     [("ministry-wire", "Publisher", "I would like to reiterate that the tariffs are illegal"),
      ("ministry-wire", "Publisher", "We urge the US to correct its mistakes")]),
]


@pytest.mark.parametrize(("text", "expected"), TRANSCRIPTS)
def test_transcript_labels(text, expected):
    assert rows(text, publisher="Ministry Wire") == sorted(expected)


SPEECHES = [
    # a speech published as text: the title names the speaker, the first-person voice is theirs
    ("First to Uganda, where WHO is supporting the government.\n\nWe are deeply concerned about the outbreak.",
     "WHO Director-General's Opening Remarks At Media Briefing",
     [("world-health-organization", "Organization", "We are deeply concerned about the outbreak")]),
    # "by the Spokesperson": the organisation of the header line nearest the speech
    ("Pakistan Ministry of Foreign Affairs\n\nAs you are aware, our response was measured and proportionate.",
     "Transcript of the Weekly Media Briefing by the Spokesperson on Friday",
     [("pakistan-ministry-of-foreign-affairs", "Organization", "As you are aware, our response was measured and proportionate")]),
    # no speech title: narration stays nobody's
    ("We are deeply concerned about the outbreak.", "Outbreak spreads", []),
]


@pytest.mark.parametrize(("text", "title", "expected"), SPEECHES)
def test_speeches_published_as_text(text, title, expected):
    x = extract(Article(id="t", title=title, publisher="Test Wire", body=text))
    got = sorted({(c.claimant.key, c.claimant.kind, c.text) for c in x.claims})
    assert [g for g in got if g[1] != "State"] == sorted(expected)


def test_transcript_label_classes():
    pub = ActorRef("pub", "Pub", "Publisher")
    embassy = ActorRef("chinese-embassy", "Chinese Embassy", "Organization")
    sanders = ActorRef("sarah-huckabee-sanders", "Sarah Huckabee Sanders", "Person")
    ms = [Mention(actor=a, span=Span(0, 1, "x")) for a in (embassy, sanders)]
    q, r = {"question", "q"}, {"spokesperson", "embassy spokesperson"}
    assert classify("QUESTION", ms, pub, q, r) == ("question", None)
    assert classify("SANDERS", ms, pub, q, r) == ("speaker", sanders)
    assert classify("Spokesperson", ms, pub, q, r) == ("speaker", pub)
    assert classify("Chinese Embassy Spokesperson", ms, pub, q, r) == ("speaker", embassy)
    assert classify("Note", ms, pub, q, r) == ("", None)


def test_org_text_rules():
    text = "the Israeli Prime Minister’s Office said; French daily Le Figaro reported; Chinese military aircraft flew"
    assert [(f.name, f.state) for f in state_organisations(text)] == [
        ("Israeli Prime Minister’s Office", "israel"), ("Chinese Military", "china")]  # the parse vetoes the 2nd
    assert [f.name for f in media_names(text)] == ["Le Figaro"]
    t = "Ministry of Economy, Trade and Industry (METI) said"
    assert acronym_after(t, len("Ministry of Economy, Trade and Industry"), "Ministry of Economy, Trade and Industry") == ("METI", 41, 45)
    assert acronym_after("Tom Lee (CEO) said", 7, "Tom Lee") is None
