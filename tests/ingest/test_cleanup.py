"""Page chrome vs article text, paragraph by paragraph; and the language guess."""

from __future__ import annotations

import pytest

from warreport.ingest.cleanup import clean_paragraphs, is_boilerplate, is_date_stamp, is_title_echo
from warreport.ingest.language import detect_language, language_name


@pytest.mark.parametrize(
    "block",
    [
        "Support SouthFront",
        "If you can, please donate so that we can keep going.",
        "Donate to our project via PayPal or Bitcoin",
        "Share this article",
        "Tweet",
        "Related: Thousands flee the southern edge of Idlib province",
        "Related coverage: Kurdish referendum, disputed territories",
        "Read more: Tencent profit falls",
        "READ MORE: China plague outbreak confirmed",
        "SEE MORE: Hong Kong protests",
        "You may also like...",
        "DON'T MISS",
        "Most read in world news",
        "Advertisement",
        "Follow us on Twitter",
        "Follow the Orontes Courier on Twitter and Telegram for live updates.",
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
        "Like this story? Share it with a friend!",
        "Subscribe to the Morning Review newsletter",
        "Pick Six Newsletter",
        "Tags: Syria, Idlib",
        "Filed under: Iraq |",
        "Comments",
        "12 comments",
        "View Comments",
        "© 2019 Orontes Courier. All rights reserved.",
        "Copyright 2017 Euphrates Wire",
        "Updated at 1:23 p.m.",
        "Published on 12 May 2019",
        "5 min read",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "Additional reporting by Joseph Hudak",
        "Keith Example contributed reporting from Hong Kong.",
        "Associated Press writers Ann One and Bob Two contributed to this report.",
        "Email Tariq at tariq@example.org or follow him @tariq.",
        "reporter@example.org",
        "twitter.com/someone",
        "SOURCE: News agencies",
        "If you enjoyed this article, we have a proposition for you",
    ],
)
def test_chrome_blocks(block: str) -> None:
    assert is_boilerplate(block)


@pytest.mark.parametrize(
    "block",
    [
        "The government announced a donation of 50 armoured vehicles to the regional forces.",
        "Contact was lost with the patrol at 3 am, the ministry said.",
        "Updated figures show 40 dead after the strike.",
        "More than 40 people were killed, the health ministry said.",
        "Sources said the convoy was hit near the bridge.",
        "Share prices fell in Erbil after the announcement.",
        "Follow-up strikes hit the same village on Tuesday.",
        "Related clashes were reported in the south of the province.",
        "The militants posted a video on Twitter claiming the attack.",
        "Fighters of the group contributed to the defence of the town, a commander said.",
        "Residents were told to support the evacuation of the wounded.",
        "Watch towers along the border were shelled overnight.",
        "Tags and banners of the group were found in the building.",
        "The army said the copyright of the footage belonged to the ministry.",
    ],
)
def test_article_sentences(block: str) -> None:
    assert not is_boilerplate(block)


def test_clean_paragraphs_removes_leading_echo_stamp_and_teaser_lists() -> None:
    paragraphs = [
        "Villages shelled north of Hama",
        "November 20, 2019 - 11:28 AMT",
        "Government artillery struck several villages on Saturday, rescue workers said.",
        "Related: Aid convoys wait at the crossing",
        "Four civilians were killed, they said. Every online business exists in time.Click To Tweet",
        "DON'T MISS",
        "China furious at the jibe [INSIGHT]",
        "- Photos: the crossing at night",
        "The army said it had taken a hill overlooking the highway.",
    ]
    kept, removed = clean_paragraphs(paragraphs, title="Villages shelled north of Hama | Test Wire")
    assert kept == [
        "Government artillery struck several villages on Saturday, rescue workers said.",
        "Four civilians were killed, they said. Every online business exists in time.",
        "The army said it had taken a hill overlooking the highway.",
    ]
    assert removed[:2] == ["Villages shelled north of Hama", "November 20, 2019 - 11:28 AMT"]
    assert "China furious at the jibe [INSIGHT]" in removed


def test_title_echo_and_stamps_only_at_the_start() -> None:
    paragraphs = ["First real paragraph of the article, long enough to be one.", "Villages shelled",
                  "12 May 2019 at 08:05"]
    kept, _ = clean_paragraphs(paragraphs, title="Villages shelled")
    assert kept == paragraphs


@pytest.mark.parametrize(
    ("para", "title", "expected"),
    [
        ("Villages shelled north of Hama", "Villages shelled north of Hama", True),
        ("‘The Medium’: the 7th festival", "'The Medium': the 7th festival | Site", True),
        ("Villages shelled", "Villages shelled north of Hama", False),  # a prefix must be the whole head
        ("Villages", "Villages | Site", False),
        ("Anything", None, False),
    ],
)
def test_is_title_echo(para: str, title: str | None, expected: bool) -> None:
    assert is_title_echo(para, title) is expected


@pytest.mark.parametrize(
    ("para", "expected"),
    [
        ("November 20, 2019 - 11:28 AMT", True),
        ("5:45 AM PST 11/19/2019 by Patrick Example", True),
        ("segunda-feira, 22 de janeiro de 2018 às 0:13", True),
        ("Calendário da Stock Car 2018", False),  # a heading with a year, not a stamp
        ("The offensive began in 2018.", False),
    ],
)
def test_is_date_stamp(para: str, expected: bool) -> None:
    assert is_date_stamp(para) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Government forces shelled the villages on Monday and the army said it had taken the hill.", "en"),
        ("Les forces gouvernementales ont pris le contrôle de plusieurs quartiers de la ville, "
         "a déclaré l'armée dans un communiqué.", "fr"),
        ("Die Armee hat die Stadt nach schweren Kämpfen mit den Milizen eingenommen, sagte ein Sprecher.", "de"),
        ("Las fuerzas del gobierno tomaron el control de la ciudad después de los combates, dijo el ejército.",
         "es"),
        ("قالت مصادر محلية إن القوات الحكومية سيطرت على عدة أحياء في المدينة", "ar"),
        ("Правительственные войска заняли несколько районов города после тяжёлых боёв", "ru"),
        ("Pasukan pemerintah menguasai kota itu dan warga yang mengungsi akan kembali dalam beberapa hari ini.", "id"),
        ("xq zv wpl mrt kkd vvb qqz rrt wwp zzx qpl mnb vcx lkj hgf dsa poi uyt rew qaz wsx edc rfv " * 2, "und"),
        ("Too short", None),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def test_language_names() -> None:
    assert language_name("fr") == "French"
    assert language_name("und") == "an undetermined language"
    assert language_name(None) == "an unknown language"
