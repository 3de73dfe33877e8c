"""Search modes, fusion, Ofsted vocabulary and filters on the real seed index."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from rag.documents import Document
from rag.keywords import tokenize
from rag.query import DocumentTable, Filters, answer_type, favours_latest, narrow, without_filtered_words, year_filters
from rag.retrieval import MODES, Retriever, fuse


def test_fuse_is_a_convex_combination_of_scaled_signals():
    fused = fuse({"a": np.array([0.2, 0.6, 0.4]), "b": np.array([10.0, 0.0, 5.0])}, {"a": 0.5, "b": 0.5})
    assert fused == pytest.approx([0.5, 0.5, 0.5])  # each signal scaled to 0–1 before weighting
    fused = fuse({"a": np.array([0.2, 0.6, 0.4]), "b": np.array([10.0, 0.0, 5.0])}, {"a": 0.8, "b": 0.2})
    assert list(np.argsort(-fused)) == [1, 2, 0]  # the heavier signal decides
    assert fuse({"a": np.array([3.0, 3.0])}, {"a": 1.0}) == pytest.approx([0.0, 0.0])  # constant: adds nothing
    assert len(fuse({}, {})) == 0


def test_the_best_sentence_finds_a_fact_inside_a_long_list(retriever):
    # "The local authority operates four children's homes." is one bullet of a long list: BM25 over the
    # whole passage ranks it low; its best sentence ranks it first.
    question = "How many children's homes does the council run?"
    rank = {mode: [h.passage.citation for h in retriever.search(question, k=10, mode=mode)] for mode in MODES}
    target = "knowsley-2017 · Previous Ofsted inspections #1"
    assert target in rank["hybrid"][:3]
    assert target not in rank["bm25"][:3]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did the inspectors visit Knowsley?", "date"),
        ("How many children were waiting for adoption?", "number"),
        ("What percentage of care leavers are in EET?", "number"),
        ("What happens when a child goes missing from home?", None),  # "when" as a conjunction
        ("Who led the inspection?", "inspector"),
        ("How many HMI were on the inspection team?", "number"),
        ("What does Knowsley need to improve?", "improve"),
        ("What were Sheffield's areas for improvement in 2023?", "improve"),
        ("What did Ofsted recommend about care leavers?", "improve"),
        ("What did Ofsted tell Reading to do about children placed far from home?", "improve"),
        ("Did they tell the council what to do about it?", "improve"),
        ("What did Ofsted say Sandwell should do to stop care leavers being put up in hotels?", "improve"),
        ("What did Ofsted say about care leavers in Sandwell?", None),
        ("Has Knowsley improved since 2014?", None),
        ("How was Norfolk rated for care leavers in 2023?", "grade"),
        ("How did Wakefield's children's services do at their 2018 inspection?", "grade"),
        ("How did care leavers come out of it?", "grade"),
        ("How are kids in care doing in Worcestershire?", "grade"),
        ("How have Tameside's services changed since it was judged requires improvement in May 2019?", None),
        ("Did they find anything that needs sorting?", "improve"),
        ("What did they still want fixed at that point?", "improve"),
        ("What's holding them back?", "improve"),
        ("What's wrong with pathway plans?", None),  # findings, not the list
        ("Do care leavers get help needing work experience?", None),
        ("What was Ofsted's verdict on Darlington's children's services?", "grade"),
        # a clause that says when, then the question: no date asked
        ("When Liverpool got its 2023 inspection, did the managers realise how bad practice had become?", None),
        ("when a teenager runs off and comes back, does Sheffield have a chat with them about why?", None),
        ("When was the MASH opened, and by whom?", "date"),
        ("whats the latest grade?", "grade"),  # typed without its apostrophe
    ],
)
def test_answer_type_of_a_question(question, kind):
    assert answer_type(question) == kind


@pytest.mark.parametrize(
    ("question", "years", "since", "until"),
    [
        ("What did inspectors find in Bradford in 2018?", (2018,), None, None),
        ("How has Wakefield changed since it was judged inadequate in 2018?", (), "2019", None),  # after that report
        ("How many adoptions broke down in Knowsley since 2012?", (), "2012", None),
        ("In the 2018 report, what had Darlington achieved since the inspection in 2015?", (2018,), None, None),
        ("According to its 2017 inspection, how had Croydon changed since 2012?", (2017,), None, None),
        ("Have Barnsley's services got better since its 2018 inspection?", (), "2019", None),
        ("What was said about private fostering in 2017 and later?", (), "2017", None),
        ("What did Ofsted find before 2019?", (), None, "2018"),
        ("What was said before the 2019 inspection?", (), None, "2018"),
        ("How many monitoring visits came before it in Knowsley in 2017?", (2017,), None, None),  # its report says
        ("Is Reading any better than at its 2019 inspection?", (), "2020", None),  # later reports, not 2019's
        ("How many children were adopted in the year before the 2022 Ofsted inspection?", (2022,), None, None),
        ("assessments between the 2017 re-inspection and the 2019 visit", (2017, 2019), None, None),
        ("What did Ofsted find about care leavers?", (), None, None),
        (
            "How have Tameside's services changed since it was judged requires improvement in May 2019?",
            (),
            "2020",
            None,
        ),
        (
            "How much has Worcestershire improved since it was judged inadequate in the 2016 inspection?",
            (),
            "2017",
            None,
        ),
        ("Is early help as strong as it was in 2018?", (), "2019", None),  # a later report compares
        ("Could rural families get early help as easily as those in towns in 2017?", (2017,), None, None),
        ("Were caseloads higher in 2019 than in 2017?", (2019, 2017), None, None),
    ],
)
def test_years_in_a_question_become_filters(question, years, since, until):
    filters = year_filters(question, Filters())
    assert (filters.years, filters.since, filters.until) == (years, since, until)


@pytest.mark.parametrize(
    ("question", "filters", "words"),
    [
        ("Caseloads in Kent in 2022?", Filters(authorities=("Kent",), years=(2022,)), "Caseloads in in ?"),
        (
            "How has Wakefield changed since 2018?",
            Filters(authorities=("Wakefield",), since="2019"),
            "How has changed since 2018?",
        ),
        ("Caseloads in Kent in 2022?", Filters(), "Caseloads in Kent in 2022?"),  # nothing chose the documents
        ("Kent and Medway caseloads", Filters(authorities=("Kent",)), "and Medway caseloads"),
        (
            "the 2017 re-inspection and the 2019 visit",
            Filters(years=(2017, 2019)),
            "the 2017 re-inspection and the 2019 visit",
        ),
    ],
)
def test_names_and_years_that_chose_the_documents_are_not_query_words(question, filters, words):
    assert without_filtered_words(question, filters) == words


def test_a_list_of_what_to_improve_the_lead_inspector_and_the_judgement_table_come_first(retriever):
    improve = retriever.search("What does Knowsley need to improve?", k=2)
    assert all(h.passage.section == "Recommendations" for h in improve)
    assert "Lead inspector" in retriever.search("Who led the inspection of Knowsley?", k=1)[0].passage.text
    # a grade asked: the judgement table ("2.2 Experiences and progress of care leavers\tGood")
    graded = retriever.search("How were Knowsley's services for care leavers judged in 2017?", k=1)[0].passage
    assert "care leavers\tGood" in graded.text


def test_a_question_about_later_years_is_not_narrowed_to_the_year_it_names(retriever):
    hits = retriever.search("What was said about private fostering oversight in 2017 and later?", k=10)
    assert {"knowsley-2017", "sector-news-2019"} <= {h.passage.doc_id for h in hits}


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_each_mode_finds_the_health_histories_paragraphs(retriever, mode):
    hits = retriever.search("what did Ofsted say about care leavers' health histories", k=5, mode=mode)
    citations = [h.passage.citation for h in hits]
    assert "knowsley-2017 ¶43" in citations and "knowsley-2017 ¶8" in citations


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Are PAs available outside office hours?", "knowsley-2017 ¶41"),  # text: personal advisers
        ("What did inspectors say about the MASH?", "knowsley-2017 ¶10"),  # text: multi-agency safeguarding hub
        ("quality of PEPs", "knowsley-2017 ¶1"),  # text: personal education plans
        ("How does the IRO challenge plans?", "knowsley-2017 ¶29"),  # text: independent reviewing officer (IRO)
        ("Do care leavers know their medical history?", "knowsley-2017 ¶8"),  # text: health histories
        ("Which councillor spoke about the 2015 inspection?", "local-news-2015 #10"),  # text: Coun Gary See
        ("adoptions last year", "knowsley-2017 · Children looked after in this area #3"),  # in the past 12 months
        ("Are children who ran away spoken to when they come back?", "knowsley-2017 ¶16"),  # missing; return interviews
    ],
)
def test_ofsted_vocabulary_finds_the_other_form(retriever, query, expected):
    citations = [h.passage.citation for h in retriever.search(query, k=5, mode="bm25")]
    assert expected in citations


def test_filters(retriever):
    news = retriever.search("care leavers", k=10, filters=Filters(kinds=("news",)))
    assert news and all(h.document.kind == "news" for h in news)
    coventry = retriever.search("care leavers", k=10, filters=Filters(authorities=("coventry",)))
    assert coventry and {h.passage.doc_id for h in coventry} == {"cypnow-2017"}
    dated = retriever.search("child protection", k=20, filters=Filters(since="2016", until="2017-12"))
    assert dated and all("2016" <= (h.document.date or "") <= "2017-12-31" for h in dated)
    one = retriever.search("adoption", k=10, filters=Filters(doc_ids=("knowsley-2017",)))
    assert {h.passage.doc_id for h in one} == {"knowsley-2017"}
    assert retriever.search("adoption", filters=Filters(since="2030")) == []


def test_a_question_naming_a_council_searches_that_councils_documents(retriever):
    hits = retriever.search("How were care leavers supported in Coventry?", k=5)
    assert {h.passage.doc_id for h in hits} == {"cypnow-2017"}
    assert "Coventry" in hits[0].passage.text


def test_a_question_about_one_council_of_a_round_up_gets_only_that_councils_paragraphs(seed_index, retriever):
    # The CYP Now article covers five councils; "This includes the need to improve …" follows a paragraph
    # about Kent and does not name it.
    from rag.chunking import context_text
    from rag.store import Index

    passages = {p.citation: p for p in Index.load(seed_index).passages}
    kent = passages["cypnow-2017 #25"]
    assert "Kent" not in kent.text and kent.councils == ("Kent",)
    assert "Kent" in context_text(kent, "Children's services move out of 'inadequate' at two councils")
    hits = retriever.search("What concerns remained about Kent after its good rating?", k=5)
    assert "cypnow-2017 #25" in [h.passage.citation for h in hits]
    assert all("Kent" in h.passage.councils or not h.passage.councils for h in hits)  # none about Coventry only


def test_an_acronym_that_is_also_a_word_is_matched_as_an_acronym(retriever):
    assert "made!" in tokenize("What is MADE?") and "made!" not in tokenize("Progress has been made.")
    assert tokenize("the IRO’s view")[-1] == "iro!" and tokenize("PAs")[-1] == "pa!"
    hits = retriever.search("What is MADE?", k=3)
    assert any(
        "Making a difference everywhere" in h.passage.text or "Making a Difference" in h.passage.text for h in hits
    )


def test_hit_json_has_the_documented_fields(retriever):
    hit = retriever.search("adoption disruption", k=1)[0].as_dict()
    assert {"citation", "doc_id", "title", "kind", "date", "paragraph", "section", "page", "text", "score"} <= set(hit)


def _report(doc_id: str, date: str) -> Document:
    return Document(doc_id, f"{doc_id}.pdf", doc_id, "inspection report", date, "0" * 64, authorities=("Wakefield",))


def test_a_question_since_a_year_searches_later_reports_or_else_the_last_one():
    earlier, latest = _report("wakefield-2018", "2018-05"), _report("wakefield-2022", "2022-10")
    since = narrow("How has Wakefield improved since 2018?", Filters(), [earlier, latest])
    assert since.allows(latest) and not since.allows(earlier)
    # nothing after 2022: "after its 2022 inspection" is read as that inspection's report
    after = narrow("What did Wakefield need to improve after its 2022 inspection?", Filters(), [earlier, latest])
    assert after.allows(latest) and not after.allows(earlier)


def test_the_latest_inspection_is_the_councils_latest_report():
    earlier, latest = _report("wakefield-2018", "2018-05"), _report("wakefield-2022", "2022-10")
    for question in (
        "How many agency social workers did Wakefield have at its latest inspection?",
        "What did the most recent Ofsted report say about Wakefield's care leavers?",
        "can kids in care in Wakefield get a volunteer befriender nowadays?",  # now, as users put it
    ):
        filters = narrow(question, Filters(), [earlier, latest])
        assert filters.allows(latest) and not filters.allows(earlier)
    assert narrow("What did Wakefield's reports say about care leavers?", Filters(), [earlier, latest]).allows(earlier)


def test_a_council_named_as_what_is_compared_with_is_not_searched():
    wakefield, leeds = (
        _report("wakefield-2022", "2022-10"),
        replace(_report("leeds-2022", "2022-06"), authorities=("Leeds",)),
    )
    filters = narrow("does wakefield run a no wrong door hub like leeds does?", Filters(), [wakefield, leeds])
    assert filters.allows(wakefield) and not filters.allows(leeds)
    owned = narrow("has wakefield brought in the no wrong door model like leeds's?", Filters(), [wakefield, leeds])
    assert owned.allows(wakefield) and not owned.allows(leeds)
    both = narrow("is wakefield better than leeds at adoption?", Filters(), [wakefield, leeds])  # both are asked
    assert both.allows(wakefield) and both.allows(leeds)
    # a council that names a way of working: what the question asks of is the other council
    for named_by in (
        "has wakefield brought in the family safeguarding model, the leeds one?",
        "does wakefield use the leeds model?",
        "has wakefield taken up leeds's no wrong door model for teenagers?",  # had searched both councils' reports
        "has wakefield brought in the no wrong door model from leeds?",
    ):
        filters = narrow(named_by, Filters(), [wakefield, leeds])
        assert filters.allows(wakefield) and not filters.allows(leeds), named_by
    the_one = narrow("is the wakefield one better than leeds?", Filters(), [wakefield, leeds])  # a report, asked of
    assert the_one.allows(wakefield) and the_one.allows(leeds)
    first = narrow("has leeds's new model helped more than wakefield's?", Filters(), [wakefield, leeds])  # asked of
    assert first.allows(wakefield) and first.allows(leeds)


def test_a_council_labelled_with_a_years_ofsted_asks_that_report_not_those_since_another_year():
    earlier, middle, latest = (_report(f"wakefield-{y}", f"{y}-05") for y in (2014, 2019, 2023))
    filters = narrow(
        "wakefield 2019 ofsted — had things got much better since 2014?", Filters(), [earlier, middle, latest]
    )
    assert filters.allows(middle) and not filters.allows(latest) and not filters.allows(earlier)


def test_a_report_indexed_twice_is_one_hit_not_two(made_up_index):
    # the bundled Knowsley report is also among the national PDFs: each paragraph was two of the five hits
    paragraphs = "1. Adoption is timely for children’s plans.\n\n2. Care leavers thrive.\n\n3. Caseloads are high."
    retriever = made_up_index(
        ("Wakefield", paragraphs, "wakefield-2022", "2022-05-01"),
        ("Wakefield", paragraphs.replace("’", "'"), "wakefield-2022-pdf", "2022-05-01"),  # its PDF's own quotes
        # another report that says the same: its own hit
        ("Wakefield", paragraphs + "\n\n4. Leaders are new.", "wakefield-2019", "2019-05-01"),
    )
    hits = retriever.search("Is adoption timely in Wakefield?", k=3)
    shown = [(h.passage.text.replace("’", "'"), h.document.date) for h in hits]
    assert len(set(shown)) == len(shown) == 3  # no paragraph of one report shown twice
    assert {date for text, date in shown if text.startswith("1. Adoption")} == {"2022-05-01", "2019-05-01"}


def test_a_question_about_the_whole_report_finds_its_summary_first(retriever):
    # without the summary sections favoured, a news story's paraphrase of the report came first
    hits = retriever.search("Why were Knowsley's services still requiring improvement in 2017?", k=3)
    assert hits[0].passage.citation == "knowsley-2017 · Executive summary #4"
    assert hits[0].document.kind == "inspection report"


def test_a_question_naming_no_part_of_the_work_favours_the_summary_more(retriever):
    # "services" and "judged inadequate" name no part of a council's work: the report's summary answers it
    question = "Why were Knowsley's services judged inadequate?"
    summary = [h for h in retriever.search(question, k=3) if h.passage.section == "Executive summary"]
    assert len(summary) >= 2
    # a question that names a part keeps its own passages: the health histories, not the summary
    hits = retriever.search("Why were Knowsley's care leavers' health histories a worry?", k=1)
    assert "health histories" in hits[0].passage.text


def test_a_question_naming_no_year_favours_the_councils_latest_report(made_up_index):
    # Users asking "are caseloads manageable?" mean now: the 2022 report's finding comes before the 2018 one's,
    # as close to the question as it is
    texts = {
        "wakefield-2018": "1. Social workers have manageable caseloads.\n\n2. Foster carers are well supported.\n\n"
        "3. Managers know their services well.",
        "wakefield-2022": "1. Social workers have manageable caseloads in most teams.\n\n2. Foster carers are well "
        "supported.\n\n3. Managers know their services well.",
    }
    retriever = made_up_index(*[("Wakefield", text, doc_id, f"{doc_id[-4:]}-06") for doc_id, text in texts.items()])
    top = retriever.search("Are caseloads manageable for Wakefield social workers?", k=1)[0]
    assert top.passage.doc_id == "wakefield-2022"
    # a question that says it asks of the past, or names the year, is not pulled to the latest report
    assert (
        retriever.search("Were caseloads manageable for Wakefield social workers a few years ago?", k=1)[
            0
        ].passage.doc_id
        == "wakefield-2018"
    )
    assert retriever.search("Are caseloads manageable for Wakefield social workers in 2018?", k=1)[
        0
    ].passage.doc_id == ("wakefield-2018")
    unfavoured = Retriever(retriever.index, weights={"latest": 0.0})
    assert unfavoured.search("Are caseloads manageable for Wakefield social workers?", k=1)[0].passage.doc_id == (
        "wakefield-2018"
    )


def test_which_questions_favour_the_latest_report():
    wakefield = Filters(authorities=("Wakefield",))
    assert favours_latest("how does wakefield deal with homeless teenagers?", wakefield)
    assert not favours_latest("how did wakefield deal with homeless teenagers back in the day, years ago?", wakefield)
    assert not favours_latest(
        "how does wakefield deal with homeless teenagers?", Filters(authorities=("Wakefield",), years=(2018,))
    )
    assert not favours_latest("how do councils deal with homeless teenagers?", Filters())
    earlier, latest = _report("wakefield-2018", "2018-05"), _report("wakefield-2022", "2022-10")
    table = DocumentTable.of([latest, earlier])
    assert table.latest_reports(wakefield).tolist() == [0]  # the 2022 report, wherever it stands
    assert table.latest_reports(Filters(authorities=("Kent",))).tolist() == []


def test_how_the_inspection_was_done_is_not_found_unless_asked(made_up_index):
    retriever = made_up_index(
        (
            "Rutland",
            "Information about this inspection\n\nInspectors have looked closely at the experiences of children and "
            "young people who are looked after and young people who are leaving care.\n\nThe inspection team "
            "consisted of four of Her Majesty’s Inspectors (HMI) from Ofsted.\n\nChildren looked after\n\n"
            "1. Most children in care live outside Rutland, as placement choices within the county are limited.\n\n"
            "2. Children looked after attend good schools.",
            "ru",
            None,
        )
    )
    hits = retriever.search("are rutland's looked-after youngsters mostly placed locally or further afield?", k=5)
    assert hits and all(h.passage.section != "Information about this inspection" for h in hits)  # the boilerplate
    assert any(h.passage.text.startswith("1. Most children in care live outside Rutland") for h in hits)
    team = retriever.search("how many inspectors were on the inspection team in rutland?", k=5)
    assert team[0].passage.section == "Information about this inspection"  # asked: found
