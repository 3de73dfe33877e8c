"""Extractive answers: cited, verbatim, and 'not found' when the reports do not say."""

from __future__ import annotations

import re

import pytest

from rag.answers import (
    NOT_FOUND,
    _asks_figure,
    _bodies,
    _gives_name,
    _lasts,
    _missing,
    _named_things,
    _names,
    _names_unmentioned,
    _naming,
    _of_no_topic,
    _overlap,
    _reads_tables,
    _role,
    _sought,
    _states,
    _states_itself,
    _terms_of,
    _which_council,
    _with_finding,
    _with_sought,
    answer_question,
    unknown_names,
)
from rag.chunking import Passage
from rag.councils import find_councils
from rag.coverage import key_words, unmentioned, written_as_name
from rag.facts import OTHER_BODY, asked_fact
from rag.keywords import expansions, other_forms
from rag.query import Filters, answer_type, asking_clauses, asks_latest, sentence_holds, year_filters
from rag.reading import read_alone
from rag.retrieval import Hit, wanted_answer
from rag.text import split_sentences


def _assert_verbatim(answer):
    for citation in answer.citations:
        assert citation.quote, citation
        for sentence in citation.quote.split(" … "):
            assert sentence in citation.hit.passage.text
            assert f"{sentence} [{citation.ref}]" in answer.text
        assert f"[{citation.ref}]" in answer.text


def test_health_histories_cites_paragraph_43_and_recommendation_8(retriever):
    answer = answer_question(retriever, "what did Ofsted say about care leavers' health histories")
    assert answer.supported
    cited = {c.hit.passage.citation: c for c in answer.citations}
    assert {"knowsley-2017 ¶43", "knowsley-2017 ¶8"} <= set(cited)
    assert (
        "not all of them fully understand or are provided with their health histories"
        in cited["knowsley-2017 ¶43"].quote
    )
    _assert_verbatim(answer)


def test_what_needs_to_improve_is_the_reports_whole_list_each_item_cited(retriever):
    answer = answer_question(retriever, "What does Knowsley need to improve?")
    recommendations = [p for p in retriever.index.passages_of("knowsley-2017") if p.section == "Recommendations"]
    assert answer.supported and len(recommendations) == 8
    assert [c.hit.passage.citation for c in answer.citations] == [p.citation for p in recommendations]
    assert answer.text.count("\n• ") == 7  # one line per recommendation
    _assert_verbatim(answer)


def test_words_that_only_frame_a_question_are_not_what_the_reports_must_mention(retriever):
    # no report says "autumn" or "flagged": the first was "not found" for them
    for question in (
        "Councillor here. What was Ofsted's verdict on Knowsley's services when they inspected in spring 2017?",
        "What did Ofsted say about anything they flagged as needing work in Knowsley in 2017?",
    ):
        assert answer_question(retriever, read_alone(question).standalone).supported, question


def test_what_needs_to_improve_in_everyday_words_is_the_whole_list(retriever):
    # "holding them back" names no topic: the list in full, not "No item … mentions holding them back"
    answer = answer_question(retriever, "What's holding Knowsley back, according to the 2017 report?")
    assert answer.supported and answer.text.startswith("• ") and answer.text.count("\n• ") == 7
    _assert_verbatim(answer)
    # what was found wanting, of no part of the work: the same list, though its search favours the summary
    for question in (
        "What were the weak spots in Knowsley in 2017?",
        "Anything not working in Knowsley in 2017?",
        "Anything I should be worried about in Knowsley in 2017?",
        "What's left to improve in Knowsley in 2017?",
        "What are the main things they want Knowsley to fix, 2017?",
        "Is there anything that's not working in Knowsley in 2017?",
        "What does Knowsley still need to get better at, 2017?",
    ):
        assert answer_question(retriever, question).text == answer.text, question


def _two_reports(made_up_index, council: str, **texts: str):
    """A retriever over made-up inspection reports of one council, `texts` by id ("th_2017"), dated by its year."""
    return made_up_index(*[(council, text, doc_id, f"{doc_id[-4:]}-05-01") for doc_id, text in texts.items()])


def test_what_is_not_working_now_is_the_latest_reports_list(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Tower Hamlets",
        th_2017="What needs to improve?\n\n- Take immediate action on basic practice standards.\n\nOverall "
        "effectiveness\n\n1. Too much is not working in social care.\n\n2. Social care for children is not working "
        "well enough.",  # the closer to the question
        th_2025="What needs to improve?\n\n- Focus on the impact of family culture on a child's lived experience."
        "\n\nOverall effectiveness\n\n1. Services have improved. Children in care are well supported.",
    )
    answer = answer_question(retriever, "what's not working so well in tower hamlets children's social care?")
    assert answer.text == "• Focus on the impact of family culture on a child's lived experience. [1]"
    assert answer.citations[0].hit.document.doc_id == "th_2025"
    older = answer_question(retriever, "what was not working in tower hamlets in 2017?")
    assert older.text == "• Take immediate action on basic practice standards. [1]"


def test_what_a_council_is_good_at_is_what_its_latest_report_praises(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Croydon",
        croydon_2017="1. Croydon's children's services are actually good at very little.",  # the closer
        croydon_2024="1. Children's services in Croydon have made progress in most areas. Particularly strong areas "
        "of practice are the young ambassadors project and independent visitors.",
    )
    for asked in (
        "what's croydon children's services actually good at?",
        "what's croydon children's services best at, according to ofsted?",
    ):
        answer = answer_question(retriever, asked)
        assert answer.supported and {c.hit.document.doc_id for c in answer.citations} == {"croydon_2024"}, asked
        _assert_verbatim(answer)


def test_a_finding_comes_with_the_next_sentence_of_its_paragraph_its_evidence(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Croydon",
        croydon_2024="What needs to improve?\n\n- Services to children out of hours.\n\n- Consistency of "
        "practitioners for children and families.\n\nOverall effectiveness\n\n1. The responses by the out-of-hours "
        "service to children in emergency situations are inconsistent. There is insufficient staff capacity to "
        "answer calls out of hours, which limits the information workers collect from referrers. Foster carers are "
        "well supported.\n\n2. Children in care live in stable homes.",
    )
    answer = answer_question(retriever, "what's croydon's out-of-hours emergency social work service like?")
    assert "are inconsistent. There is insufficient staff capacity to answer calls out of hours" in answer.text
    assert "Foster carers" not in answer.text  # the next sentence only
    _assert_verbatim(answer)
    listed = answer_question(retriever, "what about croydon's services to children out of hours?")
    assert "Services to children out of hours." in listed.text
    assert "Consistency of practitioners" not in listed.text  # in a list, the next item is another finding


def test_what_still_needs_to_get_better_after_top_grades_is_the_list_not_the_grades(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Kingston upon Thames",
        kt_2024="Judgement\tGrade\n\nOutstanding Overall effectiveness\n\nWhat needs to improve?\n\n- Clarity of "
        "pre-proceedings letters for parents.\n\nOverall effectiveness\n\n1. Children receive outstanding services.",
    )
    asked = "kingston upon thames got outstanding in every area - so was there anything they still need to get better?"
    assert answer_type(asked) == "improve"
    assert answer_question(retriever, asked).text == "• Clarity of pre-proceedings letters for parents. [1]"
    have_to = "kingston got top marks from ofsted but is there anything at all they still have to get better at?"
    assert answer_question(retriever, have_to).text == "• Clarity of pre-proceedings letters for parents. [1]"
    isnt = "kingston upon thames is rated outstanding - is there anything that isn't working?"
    assert answer_question(retriever, isnt).text == "• Clarity of pre-proceedings letters for parents. [1]"


def test_whether_a_thing_within_an_area_is_any_good_is_what_the_report_says_of_it_not_the_areas_grade(retriever):
    asked = "is knowsley's virtual school any good for looked after children in 2017?"
    answer = answer_question(retriever, asked)
    assert "virtual school" in answer.text and not answer.table
    assert not answer.text.startswith("Children looked after and achieving permanence:")  # the area's grade, not it
    _assert_verbatim(answer)
    area = answer_question(retriever, "are care leavers ok in knowsley in 2017?")  # the area itself: its grade first
    assert area.text.startswith("Experiences and progress of care leavers: Good (Knowsley")


def test_what_a_council_is_still_struggling_with_is_its_list_of_what_to_improve(retriever):
    for question in (
        "knowsley's meant to be better now but what are they still struggling with?",
        "what are they still struggling with in knowsley?",  # the council after it
        "knowsley was judged requires improvement but what are they still not getting right?",
    ):
        answer = answer_question(retriever, question)
        assert answer.text.startswith("• Ensure") and answer.text.count("• ") >= 3, question
        assert {c.hit.passage.section for c in answer.citations} == {"Recommendations"}
        _assert_verbatim(answer)


def test_what_a_council_with_no_list_still_struggles_with_is_a_finding_of_fault_not_praise(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Thurrock",
        th_2024="Overall effectiveness\n\n1. Services for children and families in Thurrock are outstanding. Senior "
        "leaders are inspirational.\n\n2. Recruitment in Thurrock has not been without some challenges, with vacancy "
        "rates being higher than leaders would like.",
    )
    answer = answer_question(retriever, "thurrock's meant to be decent now but what are they still struggling with?")
    assert "vacancy rates" in answer.text and "inspirational" not in answer.text


def test_whether_a_thing_was_flagged_as_an_issue_is_the_lists_item_on_it(retriever):
    answer = answer_question(retriever, "were care leavers flagged as an issue in knowsley in 2017?")
    assert answer.text.startswith("• Ensure that all care leavers have access to and understand their health histories")


def test_how_long_support_lasts_is_answered_by_the_age_it_lasts_until(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Islington",
        is_2024="Overall effectiveness\n\n1. Care leavers benefit from skilled personal advisers. Care leavers over "
        "the age of 21 continue to receive a service up to the age of 25 and beyond if needed.",
        is_2017="Overall effectiveness\n\n1. Care leavers are well supported by their advisers in Islington.",
    )
    answer = answer_question(retriever, "how long can care leavers in islington keep getting support, is it up to 25?")
    assert "up to the age of 25" in answer.text  # had been "not found: no figure or date"
    dated = answer_question(
        retriever, "How long can care leavers in islington keep getting support, is it up to 25 in 2024?"
    )
    assert "up to the age of 25" in dated.text  # "up to 25 … 2024" had been read as reports up to 2024


def test_a_care_home_for_a_grandparent_is_not_care_planning_and_homes(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Tameside",
        ts_2024="Overall effectiveness\n\n1. Too many children have lived in unsuitable arrangements for too long, "
        "and care planning does not progress plans for children to live in homes that meet their needs.",
    )
    answer = answer_question(retriever, "my nan needs a care home in tameside — which ones does the council rate?")
    assert not answer.supported and "care home" in answer.reason


def test_a_charity_typed_without_its_apostrophe_that_reports_write_as_a_name_is_not_found(made_up_index):
    retriever = made_up_index(
        (
            "Lincolnshire",
            "1. Care leavers are supported by staff from Barnardo’s in the leaving care team.",
            "li",
            None,
        ),
        (
            "Warwickshire",
            "1. Children who go missing are offered a return interview by Barnardo’s workers.",
            "wa",
            None,
        ),
        ("Wakefield", "1. The council works with a national charity to support children in care.", "wk", None),
    )
    answer = answer_question(retriever, "does wakefield council work with barnardos on anything for children?")
    assert not answer.supported and "barnardos" in answer.reason


def test_an_acronym_typed_in_lower_case_that_no_report_in_scope_uses_or_spells_out_is_not_found(made_up_index):
    retriever = made_up_index(
        (
            "Walsall",
            "1. During the holidays, the Holiday Activities and Food (HAF) programme provided children in care with "
            "clubs and meals. The HAF programme is well attended.",
            "wa",
            None,
        ),
        (
            "North Lincolnshire",
            "1. Children in care enjoy a wide range of activities and clubs, and their carers are well supported.",
            "nl",
            None,
        ),
        ("Rochdale", "1. Children in care are offered holiday activities and food through the summer.", "ro", None),
    )
    asked = "north lincs - do kids in care get places on the haf holiday club thing?"
    answer = answer_question(retriever, asked)  # had been "Children in care enjoy a wide range of activities …"
    assert not answer.supported and "haf" in answer.reason
    assert answer_question(retriever, "do kids in care in walsall get places on the haf holiday club?").supported
    # spelt out, not abbreviated: the council's reports speak of it
    assert answer_question(retriever, "do kids in care in rochdale get places on the haf holiday club?").supported


def test_asked_for_a_pay_rate_a_payments_size_or_a_chief_executives_name_an_answer_without_one_is_not_found(
    made_up_index,
):
    retriever = made_up_index(
        (
            "Liverpool",
            "1. Foster carers in Liverpool receive regular support and supervision from their social workers.\n\n"
            "2. Care leavers receive a one-off payment to buy books or a laptop and software.\n\n"
            "3. The Trust chief executive and the director of children’s services maintain a clear line of sight to "
            "frontline practice.",
            "li",
            None,
        )
    )
    for asked in (
        "what do liverpool foster carers get paid each week?",  # had been the sentence on their support
        "liverpool gives care leavers a one-off payment for a laptop — how much is it?",
        "who runs liverpool's children's trust - what's the chief exec called?",
    ):
        answer = answer_question(retriever, asked)
        assert not answer.supported, asked


def test_which_council_runs_a_service_is_answered_by_a_sentence_naming_one(made_up_index):
    retriever = made_up_index(
        ("Rutland", "1. Out-of-hours services are provided by a neighbouring authority and respond well.", "ru", None),
        ("Slough", "1. Out-of-hours services are provided by Berkshire West councils and by Reading.", "sl", None),
    )
    answer = answer_question(retriever, "which council actually runs rutland's out of hours service?")
    assert not answer.supported and "council" in answer.reason  # had been "… by a neighbouring authority …"
    assert answer_question(retriever, "which council runs the out of hours service for slough?").supported


def test_a_share_said_in_quarters_answers_what_share(made_up_index):
    retriever = made_up_index(
        (
            "Wakefield",
            "1. Only three quarters of initial child protection conferences (ICPC) are convened in a timely manner.",
            "wa",
            None,
        )
    )
    answer = answer_question(retriever, "wakefield — what share of first child protection conferences were on time?")
    assert answer.supported and "three quarters" in answer.text  # had been "… give no figure or date for this"


def test_hearsay_the_user_mentions_is_not_what_the_reports_must_mention(made_up_index):
    retriever = made_up_index(
        (
            "Wakefield",
            "1. There are serious and widespread failures across children’s services in Wakefield.",
            "w",
            None,
        )
    )
    asked = "what did ofsted find at wakefield? was it really as bad as the papers said"
    answer = answer_question(retriever, asked)  # had been "Wakefield’s reports do not mention papers"
    assert answer.supported and "serious and widespread failures" in answer.text


def test_everyday_words_for_cooking_and_washing_are_said_by_the_reports_words(made_up_index):
    retriever = made_up_index(
        (
            "Sutton",
            "1. Care leavers are very positive about ‘The Quad’, a welcoming resource where they can cook a meal, do "
            "their washing and meet together for support.",
            "su",
            None,
        )
    )
    index = retriever.index
    asked = "was there somewhere care leavers could make food and do laundry?"
    gap = unmentioned(index.bm25, asked, None, lambda row: index.passages[row].text)
    assert gap.phrases == ()  # had been ("food", "laundry"): "Sutton’s 2021 reports do not mention food or laundry"


def test_what_an_outstanding_council_is_not_great_at_is_its_latest_reports_challenges_not_an_old_list(
    made_up_index,
):
    retriever = _two_reports(
        made_up_index,
        "Thurrock",
        th_2019="What needs to improve\n\n• Ensure that accurate performance data is analysed.\n\nOverall "
        "effectiveness\n\n1. Services for children in Thurrock are good.",
        th_2024="Overall effectiveness\n\n1. Services for children and families in Thurrock are outstanding, "
        "reflecting the progress made by leaders.\n\n2. Senior leaders know their services extremely well. They "
        "fully understand their ongoing challenges, including sufficiency and the timeliness of health assessments.",
    )
    answer = answer_question(retriever, "thurrock got outstanding — was there anything they weren't great at though?")
    assert "ongoing challenges" in answer.text and "performance data" not in answer.text  # had been the 2019 list
    assert answer.citations[0].hit.document.doc_id == "th_2024"


def test_a_word_of_a_term_in_another_name_does_not_say_the_term():
    topic = "was stockport's front door any quicker?"
    q_tokens = {"front", "door", "quicker"}
    terms = _terms_of(topic)
    door = "Children benefit from the principles of the No Wrong Door innovation."
    hub = "The triage of contacts in the multi-agency safeguarding hub takes longer than necessary."
    # "door" of "front door" in the No Wrong Door: no word of the question said (it had counted one of three); the
    # hub is the front door, said in another form
    assert _overlap(q_tokens, q_tokens, terms, door) == (0.0, 1 / 3)
    forms = q_tokens | {"multi", "agenc", "safeguard", "hub"}
    assert _overlap(q_tokens, forms, terms, hub)[0] == 1.0


def test_how_much_money_or_the_maximum_number_answered_without_a_figure_is_not_found(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Kingston upon Thames",
        kt_2024="Overall effectiveness\n\n1. This is evident in the council’s financial commitment to supporting "
        "vulnerable children and young people.\n\n2. The caseloads of a few social workers are higher than the local "
        "authority’s recommended level.",
    )
    for asked in (
        "kingston — how much extra cash has the council actually put into children's services?",
        "kingston — what's the council's recommended max number of cases for a social worker?",
    ):
        answer = answer_question(retriever, asked)
        assert not answer.supported and "no figure" in answer.reason, asked
    assert answer_question(retriever, "are kingston's social workers' caseloads too high?").supported


def test_a_recommendation_on_one_topic_is_that_item_of_the_list(retriever):
    answer = answer_question(retriever, "What did Ofsted recommend about care leavers' health histories?")
    assert [c.hit.passage.citation for c in answer.citations] == ["knowsley-2017 ¶8"]
    assert answer.text == "• Ensure that all care leavers have access to and understand their health histories. [1]"
    _assert_verbatim(answer)


def test_a_recommendation_on_a_topic_no_item_concerns_is_the_whole_list_said_so(retriever):
    # the report speaks of adoption, its recommendations do not: not the closest item as if it answered
    answer = answer_question(retriever, "What did Ofsted recommend about adoption in Knowsley?")
    recommendations = [p for p in retriever.index.passages_of("knowsley-2017") if p.section == "Recommendations"]
    assert answer.text.startswith("No item of the report’s “Recommendations” list mentions adoption")
    assert [c.hit.passage.citation for c in answer.citations] == [p.citation for p in recommendations]
    _assert_verbatim(answer)


@pytest.mark.parametrize(
    ("question", "must_cite", "must_say"),
    [
        ("Who led the inspection?", "knowsley-2017 · The inspection team #1", "Shirley Bailey"),
        (
            "How many children were subject to a child protection plan?",
            "knowsley-2017 · Child protection in this area #1",
            "225",
        ),
        ("Do personal advisers work evenings and weekends?", "knowsley-2017 ¶41", "evenings and weekends"),
        # a quote comes with who said it, and "this" with what it refers to, across the sentence boundary
        (
            "What did the chair of the children in care council say about meeting Ofsted?",
            "knowsley-news-2017 #9",
            "Justin, Chair of the MADE Group, said:\n“Meeting Ofsted gave us the chance",
        ),
        (  # a list item with its lead-in, never the fragment "in primary schools is 26%" alone
            "What proportion of children in Knowsley are entitled to free school meals?",
            "knowsley-2017 · Children living in this area #1",
            "The proportion of children entitled to free school meals:\n- in primary schools is 26%",
        ),
        (
            "What did inspectors praise about Coventry's care leaver service?",
            "cypnow-2017 #9",
            'Care leaver support is a particular area of improvement at Coventry. This received a rating of "good"',
        ),
    ],
)
def test_real_questions_get_cited_answers(retriever, question, must_cite, must_say):
    answer = answer_question(retriever, question)
    assert answer.supported
    assert must_cite in [c.hit.passage.citation for c in answer.citations]
    assert must_say in answer.text
    _assert_verbatim(answer)


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "Who won the football world cup?",
        "How are care leavers supported in Birmingham?",
        "What did Ofsted say about adoption in Leeds?",
    ],
)
def test_questions_the_reports_cannot_answer_say_so(retriever, question):
    answer = answer_question(retriever, question)
    assert not answer.supported
    assert answer.text == NOT_FOUND
    assert answer.reason
    assert all(c.quote is None for c in answer.citations)  # nearest passages, offered as related only


def test_what_the_councils_reports_never_mention_is_not_found_and_the_reason_is_in_words(retriever):
    answer = answer_question(retriever, "What is Knowsley's council tax?")
    assert not answer.supported and answer.text == NOT_FOUND
    assert answer.reason == "Knowsley’s reports do not mention council tax"
    for question in ("Who won the football world cup?", "How many potholes did Knowsley fix?"):
        reason = answer_question(retriever, question).reason
        assert reason and not re.search(r"\d", reason)  # plain words, never a score
    # other council business is spoken of in its own words: "children's homes" are no homes kept from flooding
    flooding = answer_question(retriever, "What is Knowsley council doing to protect homes from flooding?")
    assert not flooding.supported and flooding.reason == "the nearest passages do not speak of flooding"
    # none of its key words in any report, however close a sentence on children in care reads
    dental = answer_question(retriever, "Are children in care in Knowsley getting their dental check-ups on time?")
    assert not dental.supported and dental.reason == "Knowsley’s reports do not mention dental check-ups"


def test_key_words_are_mentioned_in_any_of_their_forms(retriever):
    index = retriever.index
    knowsley = retriever.allowed(Filters(authorities=("Knowsley",)))
    assert unmentioned(index.bm25, "What did Ofsted say about kids in care?", knowsley).phrases == ()  # a lay term
    assert unmentioned(index.bm25, "How are LAC and PAs doing?", knowsley).phrases == ()  # Ofsted's abbreviations
    gap = unmentioned(index.bm25, "How many electric vehicle charging points?", None)
    assert gap.phrases == ("electric vehicle charging points",) and gap.share == 1.0
    coventry = retriever.allowed(Filters(authorities=("Coventry",)))  # one news story: no word on health histories
    gap = unmentioned(index.bm25, "care leavers' health histories", coventry)
    assert gap.phrases == ("health histories",) and gap.share == pytest.approx(2 / 3)  # "care" frames


def test_a_term_of_the_reports_said_nowhere_in_scope_is_not_found_though_its_words_are(retriever):
    index = retriever.index
    text_of = lambda row: index.passages[row].text  # noqa: E731
    knowsley = retriever.allowed(Filters(authorities=("Knowsley",)))
    # "young" and "carers" are in the reports, "young carers" in none of them
    gap = unmentioned(index.bm25, "What support is there for young carers?", knowsley, text_of)
    assert gap.phrases == () and gap.terms == ("young carers",)
    answer = answer_question(retriever, "What support is there for young carers in Knowsley?")
    assert not answer.supported and answer.reason == "Knowsley’s reports do not mention young carers"
    lessons = answer_question(retriever, "Does Knowsley pay for driving lessons for care leavers?")
    assert not lessons.supported and lessons.reason == "Knowsley’s reports do not mention pay or driving lessons"
    # a term the reports do say, and everyday words a report may say in another order, are no gap
    assert unmentioned(index.bm25, "What did they say about private fostering?", knowsley, text_of).terms == ()
    assert unmentioned(index.bm25, "What about jobs for care leavers?", knowsley, text_of).terms == ()
    # everyday words whose forms name no thing of the reports' ("foster carers receive") are no term
    assert unmentioned(index.bm25, "What about foster carer training?", knowsley, text_of).terms == ()
    # with a word between ("education, employment and training"), any ending ("young carer's")
    assert unmentioned(index.bm25, "Are care leavers in education, employment or training?", None, text_of).terms == ()


def test_everyday_words_for_a_term_no_report_in_scope_says_are_not_found(retriever):
    # "helps look after her dad" is the reports' "young carers", which no Knowsley report says; the question asks of
    # the kids its first clause told of ("kids like her"), so that clause must be mentioned too, not only "kids"
    question = "my daughter helps look after her dad — does Knowsley do much for kids like her?"
    answer = answer_question(retriever, question)
    assert not answer.supported and answer.reason == "Knowsley’s reports do not mention young carers"
    # the term's words are not named apart ("helps", which the 2015 news does not say, is of the term)
    before = answer_question(retriever, question.replace("does", "did").replace("her?", "her before 2017?"))
    assert not before.supported and before.reason == "Knowsley’s …–2016 reports do not mention young carers"
    # everyday words for what the reports do say are answered: "run away" is "missing"
    runaways = answer_question(retriever, "what happens when kids run away from care in Knowsley?")
    assert runaways.supported and "missing" in runaways.text


def test_the_words_of_conversation_are_no_key_words_but_count_as_said(retriever):
    knowsley = retriever.allowed(Filters(authorities=("Knowsley",)))
    # "true", "actually", "went", "end": how a user talks, not what the reports must mention
    gap = unmentioned(retriever.index.bm25, "Is it true adoption actually went well in the end?", knowsley)
    assert gap.phrases == ()
    gap = unmentioned(retriever.index.bm25, "Is it true electric vehicles actually went well?", knowsley)
    assert gap.phrases == ("electric vehicles",)
    assert gap.share == pytest.approx(2 / 5)  # "true", "actually" and "went" were said, and count in the share
    # how things went, said in passing: "slide", "hit", "stood out", "recovered", "dodgy", "at least"
    for question in (
        "Why did adoption slide, and which teams were hit worst?",
        "What stood out, and have they recovered since?",
        "Is their data still dodgy because of it, or more stable at least?",
        "Why was adoption only RI then?",  # the grade, as Ofsted's acronym
    ):
        assert unmentioned(retriever.index.bm25, question, knowsley).phrases == (), question


def test_asked_how_many_or_when_an_answer_without_a_figure_or_date_is_not_found(retriever):
    answer = answer_question(retriever, "When did Knowsley open its MASH?")  # no document dates it
    assert not answer.supported and answer.reason == "the nearest passages give no figure or date for this"
    visit = "A focused visit took place in October 2018, which inspected the quality of work in the front door."
    assert not _states("When did Knowsley open its MASH?", visit)  # the visit's date, not the MASH's
    assert _states("When did Ofsted's focused visit to the front door happen?", visit)
    # a date is a year, a month or a time ago; not a figure the question already says
    hub = "The 333 care leavers hub continues to be a warm, inviting and valuable resource for young people."
    assert not _states("When did the 333 hub for care leavers first open?", hub)
    assert _states("When was the director appointed?", "A new director was appointed 17 months ago.")
    # a count of one is a count: "there is currently one child living in …"; "One child told inspectors …" is none
    asked = "how many kids were living in an unregistered children's home?"
    assert _states(asked, "There is currently one child living in an unregistered children’s home.")
    assert not _states(asked, "One child told inspectors that they liked their unregistered children’s home.")
    answer = answer_question(retriever, "How many children in Knowsley were on child protection plans?")
    assert answer.supported and "225" in answer.text


def test_asked_for_a_sum_or_a_named_officer_an_answer_without_one_is_not_found(retriever):
    for asked in (
        "What starting salary does Knowsley pay newly qualified social workers?",
        "What's the allowance for Knowsley's foster carers?",
        "How much does Knowsley put towards care leavers' accommodation?",
    ):
        answer = answer_question(retriever, asked)
        assert not answer.supported and answer.reason == "the nearest passages give no figure or date for this", asked
    answer = answer_question(retriever, "Who is Knowsley's chief executive?")  # in post since 2014, never named
    assert not answer.supported and answer.reason == "the nearest passages name no chief executive"
    answer = answer_question(retriever, "who's the chief exec of knowsley council?")
    assert not answer.supported and answer.reason == "the nearest passages name no chief executive"
    answer = answer_question(retriever, "Who is the director of children's services in Knowsley?")
    assert answer.supported and "Paul Boyce, Executive Director for Children’s Services" in answer.text
    # a partnership's chair is a person, a meeting's a role ("Who chairs the legal planning meetings?" is answerable)
    # a date before the role names no one: "In August 2023, a new director … was appointed"
    appointed = "In August 2023, a new director of children’s services (DCS), with experience, was appointed."
    assert not _names("director", appointed) and _names("director", f"Jane Smith, the DCS, said: {appointed}")
    answer = answer_question(retriever, "Who chairs the Knowsley Safeguarding Children Board?")
    assert not answer.supported and answer.reason == "the nearest passages name no chair"
    answer = answer_question(retriever, "Which councillor is Knowsley's cabinet member for children?")
    assert answer.supported and "Coun Gary See, cabinet member for Children’s Services" in answer.text
    # the report praises its "electronic system" but never names it; "Performance" opening a second sentence is no name
    answer = answer_question(retriever, "What case management system does Knowsley use?")
    assert not answer.supported and answer.reason == "the nearest passages give no name for this"


def test_another_body_or_two_councils_together_need_a_sentence_that_names_them(retriever):
    # Knowsley's children's services are "good" at things; that says nothing of its adult social care
    answer = answer_question(retriever, "How good is adult social care in Knowsley?")
    assert not answer.supported and answer.reason == "the nearest passages do not speak of adult social care"
    answer = answer_question(retriever, "How well run are Knowsley's care homes for older people?")
    assert not answer.supported and answer.reason == "the nearest passages do not speak of older people"
    answer = answer_question(retriever, "my nan needs carers coming in at home - is knowsley any good at that?")
    assert not answer.supported and "carers coming in" in answer.reason  # home care for adults
    # other council business in the reports' words ("national average", "staff"), never spoken of in its own;
    # "gcse" is a term no Knowsley report of 2017 says, however written
    answer = answer_question(retriever, "How did Knowsley's gcse results compare with the national average in 2017?")
    assert not answer.supported and answer.reason == "Knowsley’s 2017 reports do not mention gcse"
    answer = answer_question(retriever, "How did Knowsley's GCSE results compare with the national average in 2017?")
    assert not answer.supported and answer.reason == "Knowsley’s 2017 reports do not mention GCSE"  # a name
    answer = answer_question(retriever, "Did Knowsley staff get a pay rise after the 2017 inspection?")
    assert not answer.supported and answer.reason == "Knowsley’s 2018–… reports do not mention pay rise"  # after it
    answer = answer_question(retriever, "Did Knowsley ever share a director of children's services with Kent?")
    assert not answer.supported and answer.reason == "the nearest passages do not speak of Knowsley and Kent together"
    answer = answer_question(retriever, "Was Kent rated good in 2017 together with Southwark?")
    assert answer.supported and "three councils - Kent, North Tyneside and Southwark" in answer.text


def test_asked_how_long_the_answer_states_a_duration(retriever):
    answer = answer_question(retriever, "How long has Knowsley's director of children's services been in post?")
    assert answer.supported and "in post since November 2014" in answer.text
    question = "How long do children wait for CAMHS?"
    assert not _states(question, "Children wait too long for help from CAMHS.")
    assert _states(question, "Children wait up to 18 weeks for help from CAMHS.")


def test_a_figure_must_be_of_what_is_counted():
    question = "On average how many days does it take to finish a child and family assessment?"
    adoption = "The average time between a child entering care and being adopted is 353 days."
    assert not _states(question, adoption)  # days, but of adoption
    assert _states(question, "Child and family assessments are completed within an average of 28 days.")
    question = "How many new social workers had the council appointed by the inspection?"
    assert _states(question, "Senior managers have appointed 44 social workers, through overseas recruitment.")


def test_a_count_is_not_a_duration_an_age_or_a_figure_in_a_name():
    foster = "How many new foster carers did Newcastle take on during the Covid pandemic?"
    assert not _states(foster, "There has been an increase in foster carers despite the COVID-19 pandemic.")
    home = "How many children were being home educated?"
    assert not _states(home, "The number of children educated at home has increased in the last 18 months.")
    share = "What percentage of care leavers were at university?"
    assert not _states(share, "Care leavers are allocated their PA at the age of 17 and a half.")
    adopted = "How many children were adopted in the twelve months before the inspection?"
    assert not _states(adopted, "Sheffield is part of a regional adoption agency (One Adoption South Yorkshire).")
    assert not _states(adopted, "A small number of children aged under 16 live in unregistered children’s homes.")
    assert _states(adopted, "Two children were adopted, and one more was placed for adoption.")
    tax = "By how much did Slough put up council tax after its section 114 notice?"
    assert not _states(tax, "The council was issued a section 114 notice in 2021.")  # the question's own figure
    # what is counted may be named by the paragraph rather than the sentence
    university = "How many care leavers were at university?"
    paragraph = (
        "Care leavers are well supported into education. At the time of inspection, 26 young people were at university."
    )
    assert _states(university, "At the time of inspection, 26 young people were at university.", paragraph)
    days = "How many days does it take to complete an assessment?"
    assert _states(days, "Assessments are completed within an average of 28 days.")  # days counted: a duration


def test_asked_for_a_name_an_answer_must_name_something():
    asked = "What was the health app that Thurrock gave its care leavers called?"
    unnamed = "The local authority has invested in a health app to give care leavers access to their health histories."
    assert _missing(asked, asked, None, [unnamed], set(), [unnamed]) == "the nearest passages give no name for this"
    named = "Care leavers use the ‘Health Passport’ app to see their health histories."
    assert _missing(asked, asked, None, [named], set(), [named]) is None
    ofsted_terms = "Social workers, PAs, IROs and managers are committed to Liverpool."  # not names of anything
    system = "Which case recording system is West Berkshire moving to?"  # words between "which" and the thing
    unnamed = "The local authority's existing case recording system has proven unwieldy and inflexible."
    assert _missing(system, system, None, [unnamed], set(), [unnamed]) == "the nearest passages give no name for this"
    which = "Which countries did Liverpool recruit social workers from?"
    assert _missing(which, which, None, [ofsted_terms], set(), [ofsted_terms]) is not None
    called = "What is the case management system that Rutland brought in in June 2016 called, and who supplies it?"
    live = "The new case management system went live in June 2016."  # a month is no name
    assert _missing(called, called, None, [live], set(), [live]) == "the nearest passages give no name for this"


def test_a_share_must_be_of_what_is_asked_and_a_sum_of_a_councils_money():
    pupils = "What percentage of pupils got grade 5 or above in English and maths at GCSE?"
    meals = "The proportion of children entitled to free school meals:\n• in primary schools is 29.1% (England 14.5%)"
    assert not _states(pupils, meals, meals)
    assert _states(
        "What percentage of the workforce is permanent?", "Leaders increased the permanent workforce to 80%."
    )
    caseloads = "How many children are some social workers carrying on their caseloads?"
    assert _states(caseloads, "A small number of social workers are supporting over 20 children.")  # not an age
    budget = "What is Tower Hamlets Council's total budget for 2024/25?"
    exemption = "The offer includes council tax exemption up until age 25."
    topic = "What is Council's total budget for /25?"  # the question less its council and year
    assert _missing(budget, topic, None, [exemption], set(), [exemption]) is not None
    band = "What is 's Band D council tax for /25?"  # Hartlepool's, 2024/25: asks a sum, not the exemption
    assert _missing(band, band, None, [exemption], set(), [exemption]) is not None


def test_a_hyphenated_word_is_also_the_one_word_reports_write():
    # Redcar and Cleveland's report says "a council-wide cyberattack": "cyber-attack" is mentioned there
    (word, _, _, tokens), *_ = key_words("the cyber-attack")
    assert word == "cyber-attack" and "cyberattack" in tokens
    # and "cyber attack", two words, when looking for it in the reports
    (cyber, _, _, tokens), *_ = key_words("the cyber attack", joined=True)
    assert cyber == "cyber" and "cyberattack" in tokens


def test_a_year_is_not_a_count():
    question = "How many unaccompanied asylum-seeking children arrived in the year before its 2022 inspection?"
    kent = (  # Kent's 2022 report: the sentence that answered it, counting nothing
        "This is in the context of a significant increase in the number of unaccompanied asylum-seeking children "
        "arriving in Kent during 2015–16."
    )
    assert not _states(question, kent)
    assert _states(question, "In 2015–16, 605 unaccompanied asylum-seeking children arrived in Kent.")


def test_a_name_no_report_mentions_is_not_found_and_named(retriever):
    answer = answer_question(retriever, "What did Ofsted say about care leavers in Gotham City?")
    assert not answer.supported and answer.text == NOT_FOUND
    assert "mentions Gotham" in answer.reason
    assert unknown_names(retriever, "What did Ofsted's SIF inspection say about Knowsley's MASH and its IROs?") == []
    assert unknown_names(retriever, "How does Knowsly's LADO work?") == ["Knowsly"]  # a typo is named too
    assert unknown_names(retriever, "Knowsley: overall grade at the Mar 2017 SIF?") == []  # a month as typed
    answer = answer_question(retriever, "How does Knowsly's LADO work?")
    assert answer.reason == "no indexed document mentions Knowsly; did you mean Knowsley?"
    assert unknown_names(retriever, "Knowsley's front door. Summarise it: Gotham? 'Gotham'") == []


def test_split_sentences_keeps_words_verbatim():
    text = "43. While care leavers understand their rights, not all do. The local authority had recognised this gap."
    assert split_sentences(text) == [
        "While care leavers understand their rights, not all do.",
        "The local authority had recognised this gap.",
    ]
    assert split_sentences("- At 28 February 2017, 225 children, e.g. some, were on plans. Next one here.") == [
        "At 28 February 2017, 225 children, e.g. some, were on plans.",
        "Next one here.",
    ]


@pytest.mark.parametrize(
    ("question", "value", "quoted"),
    [
        ("When did the inspectors visit Knowsley?", "13 March 2017 to 24 March 2017", "13 March 2017 to 24 March 2017"),
        ("Who led Knowsley's inspection?", "Shirley Bailey", "Lead inspector: Shirley Bailey"),
        ("What was Knowsley's overall judgement?", "Requires improvement to be good", None),
    ],
)
def test_inspection_facts_come_from_the_reports_metadata_cited_to_where_the_report_shows_them(
    retriever, question, value, quoted
):
    answer = answer_question(retriever, question)
    assert answer.supported and value in answer.text.split(" [")[0]
    [citation] = answer.citations
    assert citation.hit.document.doc_id == "knowsley-2017"
    if quoted:
        assert quoted in citation.quote and citation.quote in citation.hit.passage.text
    else:  # the grade is the heading of the section cited
        assert "require improvement to be good" in citation.hit.passage.section


def test_every_areas_grade_at_one_inspection_is_a_small_table_each_grade_cited(retriever):
    answer = answer_question(retriever, "What grades did Knowsley get in 2017?")
    assert answer.supported and answer.text.startswith("Knowsley, SIF re-inspection, 13 March 2017 to 24 March 2017:")
    assert answer.table[0] == ("Judgement", "Grade")
    assert ("Adoption performance", "Good") in answer.table
    assert ("Overall effectiveness", "Requires improvement to be good") in answer.table  # as the reports word it
    assert all(c.hit.document.doc_id == "knowsley-2017" for c in answer.citations)
    assert all(c.quote in c.hit.passage.text for c in answer.citations if c.quote)
    # only those of the grade asked for, when some have it
    good = answer_question(retriever, "Which bits of Knowsley's services were judged good in 2017?")
    assert {row[1] for row in good.table[1:]} == {"Good"} and len(good.table) == 4


def test_a_grade_of_a_year_with_no_report_is_not_another_years_grade(retriever):
    answer = answer_question(retriever, "What was Knowsley's overall grade in 2018?")
    assert not answer.supported  # had been the 2017 grade, cited, as if it were 2018's
    assert answer.reason == "Knowsley has no inspection report of 2018 here (its reports: 2017)"
    # a later report that says how that year's inspection went answers it
    earlier = answer_question(retriever, "How was Knowsley rated in 2014?")
    assert earlier.supported and "2014" in earlier.text and "inadequate" in earlier.text
    assert answer_question(retriever, "How was Knowsley rated in 2017?").text.startswith(
        "Overall effectiveness: Requires improvement to be good"
    )
    # nor are another year's findings those of a year it has no report of
    findings = answer_question(retriever, "What did Ofsted say about care leavers in Knowsley in 2016?")
    assert not findings.supported  # had been the 2017 report's, cited, as if they were 2016's
    assert findings.reason == "Knowsley has no inspection report of 2016 here (its reports: 2017)"


def test_the_areas_not_given_a_grade_are_those_of_another(retriever):
    answer = answer_question(retriever, "Which bits of Knowsley's services were not judged good in 2017?")
    grades = {row[1] for row in answer.table[1:]}
    assert grades and "Good" not in grades  # had been answered with the areas that were judged good
    assert asked_fact("Which bit of Barnsley's services wasn't rated good at its last inspection?") == (
        "grades",
        "overall",
    )


def test_whether_a_council_had_a_grade_is_its_overall_grade_and_the_areas_given_that_grade(retriever):
    answer = answer_question(retriever, "Was Knowsley good in 2017?")
    assert answer.table[1] == ("Overall effectiveness", "Requires improvement to be good")
    assert {row[1] for row in answer.table[2:]} == {"Good"} and len(answer.table) > 2  # adoption, care leavers
    alone = answer_question(retriever, "Was Knowsley outstanding in 2017?")  # no area was
    assert alone.text.startswith("Overall effectiveness: Requires improvement to be good") and not alone.table


def test_how_an_area_is_doing_is_its_grade_then_what_the_graded_report_says_of_it(retriever):
    answer = answer_question(retriever, "How are care leavers doing in Knowsley in 2017?")
    first, *rest = answer.text.split("\n")
    assert first.startswith("Experiences and progress of care leavers: Good (Knowsley") and first.endswith("[1]")
    assert rest and "care leavers" in rest[0].lower()
    grade, *quoted = answer.citations
    assert quoted and all(c.hit.document.doc_id == "knowsley-2017" and c.hit.row != grade.hit.row for c in quoted)
    assert all(part in c.hit.passage.text for c in quoted for part in c.quote.split(" … "))
    # how they were rated asks the grade alone
    assert "\n" not in answer_question(retriever, "How were care leavers rated in Knowsley in 2017?").text


def test_a_question_of_no_topic_is_the_reports_grade_and_the_opening_of_its_findings(retriever):
    answer = answer_question(retriever, "What did the inspectors find in Knowsley in 2017?")
    grade, opening = answer.text.split("\n")
    assert grade.startswith("Overall effectiveness: Requires improvement to be good (Knowsley")
    assert opening.startswith("Services and outcomes for all children have significantly improved")
    assert [c.ref for c in answer.citations] == [1, 2] and opening.endswith("[2]")
    cited = answer.citations[1]
    assert cited.hit.passage.section == "Executive summary" and cited.quote in cited.hit.passage.text
    # a question for a fact or of a topic is answered from the passages that hold it
    counted = answer_question(retriever, "How many children were in care in Knowsley in 2017?")
    assert not counted.text.startswith("Overall effectiveness")
    # nor is one for its strengths, when a sentence answers it: "good-quality direct work tools", not the grade
    strengths = answer_question(retriever, "what are Knowsley good at?")
    assert strengths.supported and not strengths.text.startswith("Overall effectiveness")


def test_a_question_about_why_a_grade_was_given_is_answered_from_the_text(retriever):
    assert asked_fact("Why was Knowsley judged inadequate in 2014?") is None
    assert asked_fact("How have Knowsley's grades changed?") == ("history", "overall")
    assert asked_fact("were they rated higher the time before (2018)?") == ("grade", "overall")
    assert asked_fact("How was Norfolk rated for care leavers?") == ("grade", "care_leavers")
    assert asked_fact("What rating did Tameside Hospital get from the CQC?") is None  # not an Ofsted grade
    assert asked_fact("how did the grammar schools in buckinghamshire do in gcses this summer?") is None
    assert asked_fact("How good is adult social care in Wakefield?") is None
    director = "What's the name of the Lewisham executive director who led the improvements seen in 2024?"
    assert asked_fact(director) is None  # not the inspection's lead inspector
    assert asked_fact("Tell me who led the 2021 inspection of Bury") == ("lead", "overall")
    # a clause that says when, then another question: not the inspection's dates
    realise = "When Liverpool got its 2023 inspection, did the senior managers realise how bad practice had become?"
    assert asked_fact(realise) is None and asked_fact("When was Liverpool last inspected?") == ("dates", "overall")
    # every area's grade at one inspection; "which areas" with no council named are councils
    assert asked_fact("What grades did Kent get in 2022?") == ("grades", "overall")
    assert asked_fact("Which bits of Kent's work were judged good in 2022?") == ("grades", "overall")
    assert asked_fact("Which areas were rated inadequate in 2022?") == ("across", "overall")
    # how a council is doing asks its grade, but not how it is doing with a topic
    assert asked_fact("How did Wakefield do at its 2018 inspection?") == ("grade", "overall")
    assert asked_fact("How is Derbyshire doing with homeless 16 and 17 year olds?") is None
    assert asked_fact("How did Hartlepool do on care leavers?") == ("grade", "care_leavers")
    assert asked_fact("How were care leavers graded that year in Cornwall?") == ("grade", "care_leavers")
    assert asked_fact("How was it judged that children were safe?") is None
    # "Is Slough still inadequate?" asks a grade, yes or no; "Is early help good in Leeds?" asks about early help
    assert asked_fact("Is Slough still inadequate?") == ("grade", "overall")
    assert asked_fact("Was adoption good in Knowsley in 2017?") == ("grade", "adoption")
    assert asked_fact("Is early help good in Leeds?") is None
    assert asked_fact("Did Norfolk really get outstanding in its latest Ofsted inspection?") == ("grade", "overall")
    assert asked_fact("What did Sunderland get at its 2025 children's services inspection?") == ("grade", "overall")
    assert asked_fact("How did Middlesbrough get on in its latest inspection?") == ("grade", "overall")
    assert asked_fact("Kent got outstanding in 2022 - which parts were outstanding?") == ("grades", "overall")
    assert asked_fact("What did care leavers get from the council?") is None
    assert asked_fact("Are care leavers ok there at least?") == ("grade", "care_leavers")
    assert asked_fact("north yorks care leavers grade for comparison (latest)") == ("grade", "care_leavers")
    assert asked_fact("Are things ok there?") is None  # no area of the work named: a question of its own
    answer = answer_question(retriever, "Why was Knowsley judged inadequate in 2014?")
    assert not answer.table and all(c.quote in c.hit.passage.text for c in answer.citations if c.quote)


def test_a_judgement_tables_lines_answer_only_questions_about_grades_or_one_area():
    # "What made Hillingdon's children's services outstanding?" had been answered with the table's line
    # "Outstanding The experiences and progress of children in care", a grade and no reason
    assert sentence_holds("grade", "Outstanding The experiences and progress of children in care")
    assert not _reads_tables("What made Hillingdon's children's services outstanding in 2023?")
    assert _reads_tables("How did care leavers compare with 2025?")  # the table's line is the answer
    assert _reads_tables("How was Kent rated in 2022?")


def test_a_name_is_what_a_sentence_calls_something_not_a_capitalised_term():
    assert _gives_name("The council has established a council for care leavers named ‘Elevation’.", set())
    assert _gives_name("The Children in Care Council, known as Voice4Us, is vibrant.", {"Children", "Care", "Council"})
    assert not _gives_name("Managers follow the Public Law Outline before proceedings.", set())
    assert not _gives_name("The commitment to local ‘place’-based homes has grown.", set())  # no quoted name
    assert not _gives_name("The Corporate Parenting Board meets monthly.", set())
    # a team or service named in capitals, where the question asks what it is called
    said = {"What", "Sunderland", "Sunderland's", "called"}
    assert _gives_name("Social workers in the Next Steps Team create holistic plans before children leave care.", said)
    assert _gives_name("This included the creation of a new Family Thrive Service.", {"Lewisham"})
    assert not _gives_name("The leaving care team creates holistic plans before children leave care.", said)


def test_words_around_the_asking_clause_are_not_what_the_reports_must_mention(retriever):
    assert asking_clauses("and Redcar? my cousin is a social worker up there") == "and Redcar?"
    scene = "DSL at a primary. Our referrals vanish into a black hole - did Ofsted say anything about early help?"
    assert asking_clauses(scene) == "did Ofsted say anything about early help?"
    # "per Ofsted", "a lot", "falling short" ask; they name nothing the reports must say
    for question in (
        "What does Knowsley need to work on, per Ofsted?",
        "Where is Knowsley still falling short?",
        "where is knowsley still letting kids down?",
    ):
        assert not unmentioned(retriever.index.bm25, question, None).phrases, question
    # and asked so, the report's whole list: not its items on children, which all are
    down = answer_question(retriever, "where is knowsley still letting kids down? latest report")
    whole = answer_question(retriever, "where is knowsley still falling short? latest report")
    assert down.supported and down.text == whole.text and down.text.count("•") > 2


def test_a_change_between_two_inspections_or_since_a_years_grade_is_the_later_report():
    between = "Did Tameside make progress between its 2019 inspection and the December 2023 one?"
    assert year_filters(between, Filters()).years == (2023,)
    since = "Herefordshire was inadequate in 2022 — has it turned things around by the latest inspection?"
    assert year_filters(since, Filters()).since == "2023"
    assert year_filters("What did Kent's latest inspection in 2022 say about change?", Filters()).years == (2022,)


def test_a_follow_ups_report_written_in_after_before_is_that_report_not_the_ones_before_it():
    # "how bad was staffing at the one before that?" is read as the report before, its year in brackets
    assert year_filters("How bad was staffing at the one before that (2022) in Bradford?", Filters()).years == (2022,)
    assert year_filters("What was staffing like before 2022 in Bradford?", Filters()).until == "2021"
    beside = "Was disabled children's visits the same at the inspection before - 2021 or whenever in Bedford?"
    assert year_filters(beside, Filters()).years == (2021,)
    compared = "Is social work workforce worse than at the inspection before (2018) in Dudley?"
    assert year_filters(compared, Filters()).since == "2019"  # the later report compares


def test_when_inspectors_were_in_is_the_inspection_dates():
    asked = "when exactly were ofsted inspectors in rutland for the most recent children's services inspection?"
    assert asked_fact(asked) == ("dates", "overall")


def test_a_plural_abbreviation_and_a_councils_short_form_are_known(retriever):
    assert "director of children's services" in expansions("How many DCSs has Bristol had?")
    assert "newly qualified social workers" in expansions("how many NQSWs is bristol supporting at the moment?")
    assert "food poverty" in expansions("is sunderland doing anything about kids going hungry?")
    assert "young carers" in expansions("my 12 yr old helps look after his dad who's ill, we're in ealing")
    assert "out of hours" in expansions("is there anyone at the council at 2am on a sunday?")
    assert "short breaks" in expansions("do young carers get any time off from caring?")
    assert unknown_names(retriever, "What is the name of Bucks' children in care council?") == []
    answer = answer_question(retriever, "What is the name of Bucks' children in care council?")
    assert answer.reason == "no indexed document concerns Buckinghamshire"  # the council, not an unknown word


def test_a_question_on_another_body_is_answered_by_the_sentence_that_speaks_of_it(made_up_index):
    retriever = _small_index(
        made_up_index,
        Knowsley="1. Care leavers in Knowsley are doing well. Care leavers are doing well in education. Care leavers "
        "are doing well in their homes. Care leavers in custody get monthly visits.",
    )
    answer = answer_question(retriever, "How are care leavers in prison in Knowsley doing?")
    assert answer.supported and "in custody" in answer.text


def test_whether_inspectors_were_worried_about_how_long_asks_their_finding_not_a_figure():
    finding = ["Some children who need mental health assessments wait too long."]
    worried = "Were inspectors worried about how long Knowsley children wait for mental health assessments?"
    assert _missing(worried, worried, None, finding, set(), [""]) is None
    asked = "How long do Knowsley children wait for mental health assessments?"
    assert _missing(asked, asked, None, finding, set(), [""]) == "the nearest passages give no figure or date for this"


def test_a_date_asked_is_not_the_year_of_an_earlier_inspection_said_in_passing():
    asked = "On what date did Knowsley's trust staff move back to the council?"
    passing = [
        "Staff were transferred back into council control.",
        "It has declined since the last inspection in 2017.",
    ]
    assert (
        _missing(asked, asked, None, passing, set(), ["", ""]) == "the nearest passages give no figure or date for this"
    )
    dated = ["Staff were transferred back into council control in April 2023."]
    assert _missing(asked, asked, None, dated, set(), [""]) is None


def test_a_councils_rate_of_something_asks_a_figure():
    asked = "What is Knowsley's social worker vacancy rate?"
    said = ["Staff retention is enhanced by social workers having mostly manageable workloads."]
    assert _missing(asked, asked, None, said, set(), [""]) == "the nearest passages give no figure or date for this"


def test_everyday_words_for_a_councils_money_trouble_and_wifi_are_the_reports_terms():
    assert "section 114 notice" in expansions("was the council basically bust? i remember commissioners coming in")
    assert "wi-fi" in expansions("do they say anything about wifi? i cant afford it")


def test_everyday_ways_of_asking_what_needs_to_improve(retriever):
    for question in (
        "So what's left on Knowsley's to-do list?",
        "Anything Ofsted said they need to do better for care leavers in Knowsley?",
        "kingston was rated outstanding - was there anything at all they were told to do better?",
        "hmm. was young carers on Knowsley's list of things to fix?",
    ):
        assert answer_type(question) == "improve", question
    for fault in ("Which part was the weak link?", "so whats still not up to scratch", "remind me what went so wrong"):
        assert not key_words(fault), fault  # how it asks, naming no topic
    assert answer_type("just the one thing? what was on the list in 2023") == "improve"
    knowsley = retriever.allowed(Filters(authorities=("Knowsley",)))
    # the user's family is no topic the reports must mention
    asked = "my nephew's 17 and in care - what support do care leavers get?"
    assert unmentioned(retriever.index.bm25, asked, knowsley).phrases == ()


def test_everyday_words_for_bed_and_breakfasts_children_arriving_alone_and_family_group_conferences(retriever):
    assert "bed and breakfast" in expansions("were any care leavers put up in cheap guesthouses?")
    assert "struggle" not in [key[0] for key in key_words("was it the same struggle for carers in 2018?")]
    alone = "what's it like for teens who turn up in the uk alone?"
    assert "unaccompanied asylum-seeking children" in expansions(alone)
    knowsley = retriever.allowed(Filters(authorities=("Knowsley",)))
    # a programme the question names, and no Knowsley report: "family group conferences", not its words apart
    asked = "does knowsley use family group conferences to get the wider family involved?"
    text_of = lambda row: retriever.index.passages[row].text  # noqa: E731
    assert "family group conferences" in unmentioned(retriever.index.bm25, asked, knowsley, text_of).terms


def test_an_everyday_term_is_found_hyphenated_or_not():
    assert "out of hours" in expansions("Is there a round-the-clock number care leavers can ring?")
    assert "out of hours" in expansions("Is there a round the clock number care leavers can ring?")


def test_an_everyday_term_is_found_with_words_of_degree_inside_it():
    leaning = "and they were leaning really heavily on agency staff then, weren't they?"
    assert "reliance" in expansions(leaning)
    assert "heavily" not in [key[0] for key in key_words(leaning)]  # said in passing: no word the reports must say


def test_the_actual_number_asked_needs_a_figure_and_housing_benefit_is_council_business(retriever):
    asked = "What is Knowsley's target caseload per social worker - the actual number?"
    vague = "Caseloads remain higher than the target set by the local authority."
    missing = _missing(asked, asked, None, [vague], set(), [vague])
    assert missing == "the nearest passages give no figure or date for this"
    assert not answer_question(retriever, asked).supported
    assert OTHER_BODY.search("How do I apply for housing benefit in Essex?")["business"] == "housing benefit"
    # a framework's outcome number is no count
    homes = "How many of Knowsley's children in care live in unregistered children's homes?"
    listed = "The sufficiency of homes for children in care. (outcome 4, national framework)"
    assert (
        _missing(homes, homes, None, [listed], set(), [listed])
        == "the nearest passages give no figure or date for this"
    )


def test_a_near_miss_asks_for_what_the_sentences_do_not_give():
    no_figure, no_name = (
        "the nearest passages give no figure or date for this",
        "the nearest passages give no name for this",
    )
    worth = "how much are Knowsley's incentives for new foster carers worth?"
    vague = "Investment has resulted in recruitment incentives to attract new foster carers."
    assert _missing(worth, worth, None, [vague], set(), [vague]) == no_figure
    paid = "New foster carers receive a £1,000 welcome payment."
    assert _missing(worth, worth, None, [paid], set(), [paid]) is None
    hours = "What are the opening hours of The Hub for care leavers in Knowsley?"
    hub = "Care leavers attend The Hub to meet virtual school staff."
    assert _missing(hours, hours, None, [hub], set(), [hub]) == no_figure
    # asked for a product's name: a team's acronym beside social workers' records names none
    software = "What's the name of the new case recording software Knowsley's social workers are moving onto?"
    team = "In the children's assessment and safeguarding teams (CAST), this was not routinely evidenced in records."
    assert _missing(software, software, None, [team], set(), [team]) == no_name
    named = "Social workers are moving onto a new case recording system, Liquidlogic, in the spring."
    assert _missing(software, software, None, [named], set(), [named]) is None


def test_a_term_counts_as_mentioned_only_where_one_passage_has_all_its_words(retriever):
    knowsley = retriever.allowed(Filters(authorities=("Knowsley",)))
    # a Knowsley passage says "serious", none "serious youth violence", "knife crime" or "gangs"
    gap = unmentioned(retriever.index.bm25, "What did Ofsted say about knife crime?", knowsley)
    assert gap.phrases == ("knife crime",)


def test_asked_for_a_product_a_term_in_quotes_is_no_name_of_one(retriever):
    asked = "What case management software do Knowsley's social workers record on?"
    answer = answer_question(retriever, asked)
    assert not answer.supported and answer.reason == "the nearest passages give no name for this"
    quoted = ["Audits are moving towards ‘learning spaces’."]
    assert _missing(asked, asked, None, quoted, set(), [""]) == "the nearest passages give no name for this"
    scheme = "What is Knowsley's offer to care leavers called?"
    assert _missing(scheme, scheme, None, ["It is spelled out in its 'always here' approach."], set(), [""]) is None


def test_whats_the_average_asks_a_figure_as_what_is_the_average_does(retriever):
    answer = answer_question(retriever, "what's the average caseload for a social worker in Knowsley?")
    assert not answer.supported and answer.reason == "the nearest passages give no figure or date for this"


def _small_index(made_up_index, **reports: str):
    """A retriever over one made-up inspection report per council, `reports` naming each council's paragraphs."""
    return made_up_index(*[(council, paragraphs, None, None) for council, paragraphs in reports.items()])


def test_a_name_no_report_in_scope_mentions_is_not_found_however_common_the_other_words(made_up_index):
    retriever = _small_index(
        made_up_index,
        Knowsley="1. Personal budgets are offered to families.\n\n2. Personal advisers from the virtual school visit "
        "often.\n\n3. Support for schools is good.\n\n4. Care leavers live in good homes.",
        Kent="1. Foster carers in Kent are supported through the Mockingbird programme.",
    )
    asked = "Do Knowsley's personal advisers support care leavers with Mockingbird?"
    answer = answer_question(retriever, asked)
    assert not answer.supported and answer.reason == "Knowsley’s reports do not mention Mockingbird"
    # however close a sentence is to the rest of the question
    close = answer_question(retriever, "Do care leavers in Knowsley live in good homes with Mockingbird?")
    assert not close.supported and close.reason == "Knowsley’s reports do not mention Mockingbird"
    # a capitalised word that opens the question is no name
    assert answer_question(retriever, "Personal advisers in Knowsley: do they support care leavers?").supported


def test_a_count_of_one_thing_is_no_figure_of_another(made_up_index):
    retriever = _small_index(
        made_up_index,
        Rochdale="1. There are plans to increase residential in-house provision for disabled children through the "
        "recruitment of two psychologists.\n\n2. Most children live in stable homes that meet their needs.",
        Kent="1. Kent runs twelve children's homes of its own.",
    )
    homes = answer_question(retriever, "how many children's homes does rochdale council run itself?")
    assert not homes.supported  # had been "… through the recruitment of two psychologists", cited
    assert homes.reason == "the nearest passages give no figure or date for this"
    assert answer_question(retriever, "how many psychologists is rochdale recruiting?").supported
    assert answer_question(retriever, "how many children's homes does kent run itself?").supported


def test_a_figure_that_says_what_it_counts_by_the_sentence_before_answers_with_it(made_up_index):
    retriever = _small_index(
        made_up_index,
        Cheshire="1. Care leavers over 21 are not routinely offered help.\n\n2. When young people become 21, they are "
        "no longer provided with a personal adviser unless they contact a duty worker and request help. At the time of "
        "this inspection, there were over 200 young people in this category. Some are disabled.\n\n3. Care leavers "
        "live in suitable homes.",
    )
    answer = answer_question(retriever, "How many care leavers over 21 in Cheshire had no personal adviser?")
    assert answer.supported and "over 200 young people in this category" in answer.text  # had been no figure
    assert "no longer provided with a personal adviser" in answer.text  # and what it counts


def test_a_programme_typed_in_lower_case_that_no_report_in_scope_runs_is_not_found(made_up_index):
    retriever = _small_index(
        made_up_index,
        Calderdale="1. Children in care are supported to keep in touch with their families and friends.\n\n2. Social "
        "workers link children in care with people who matter to them, and the links last.",
        Kent="1. Lifelong Links helps children in care find and keep relationships with family and friends.",
    )
    answer = answer_question(retriever, "does calderdale do lifelong links for children in care?")
    assert not answer.supported and answer.reason == "Calderdale’s reports do not mention lifelong links"
    door = answer_question(retriever, "has calderdale brought in the no wrong door model for teenagers?")
    assert not door.supported and door.reason.endswith("do not mention model or teenagers or no wrong door")
    kent = answer_question(retriever, "does kent do lifelong links for children in care?")
    assert kent.supported and "Lifelong Links helps children in care" in kent.text


def test_a_rare_term_no_report_in_scope_mentions_is_not_found_however_common_the_other_words(retriever):
    # "teenagers", "risk" and "children" are everywhere; "radicalisation", in none of its forms, names what is asked
    answer = answer_question(retriever, "How does Knowsley deal with teenagers at risk of radicalisation?")
    assert not answer.supported and answer.reason == "Knowsley’s reports do not mention radicalisation"
    trafficked = answer_question(
        retriever, "did ofsted look at how knowsley deals with children who've been trafficked?"
    )
    assert not trafficked.supported and trafficked.reason == "Knowsley’s reports do not mention trafficked"
    assert answer_question(retriever, "How does Knowsley help children at risk of exploitation?").supported


def _one_in_sixty(made_up_index, council: str, said: str, kents_last: str):
    """30 passages of `council` saying `said` (each with its number), 29 of Kent and Kent's 30th, `kents_last`."""
    others = [f"{n}. Children in Kent are visited by social workers in area {n}." for n in range(1, 30)]
    return _small_index(
        made_up_index,
        **{council: "\n\n".join(f"{n}. {said} {n}." for n in range(1, 31))},
        Kent="\n\n".join([*others, f"30. {kents_last}"]),
    )


def test_a_rare_terms_share_counts_each_passage_once_whichever_forms_it_holds(made_up_index):
    # one passage in 60 says "radicalisation" (1.7%, under the 2% that makes a term rare): counted once, not once
    # for the word and again for its form "radicalisation", so a council whose reports never say it is "not found"
    retriever = _one_in_sixty(
        made_up_index,
        "Rochdale",
        "Young people in Rochdale get help from staff in team",
        "Young people at risk of radicalisation are helped by the Prevent lead.",
    )
    answer = answer_question(retriever, "what does rochdale do to help young people at risk of radicalisation?")
    assert not answer.supported and answer.reason == "Rochdale’s reports do not mention radicalisation"
    assert answer_question(retriever, "what does kent do to help young people at risk of radicalisation?").supported


def test_extremely_is_no_form_of_radicalisation(made_up_index):
    # "extremism" and "extremely" share a stem: the forms a report gives radicalisation are "extremist", "violent
    # extremism", "terrorism" and the Prevent duty, so that "extremely well" is not it
    retriever = _one_in_sixty(
        made_up_index,
        "Hartlepool",
        "Teenagers at risk in Hartlepool get an extremely good response from team",
        "Teenagers at risk of terrorism and violent extremism get a good response.",
    )
    answer = answer_question(retriever, "how does hartlepool respond to teenagers at risk of radicalisation?")
    assert not answer.supported and answer.reason == "Hartlepool’s reports do not mention radicalisation"
    assert answer_question(retriever, "how does kent respond to teenagers at risk of radicalisation?").supported


def test_a_figure_asked_for_is_answered_by_the_sentence_that_states_it_not_the_closest(made_up_index):
    retriever = _small_index(
        made_up_index,
        Rochdale="1. Care leavers receive support to strengthen their journey into independence. Despite this, 50% of "
        "young people aged between 19 and 21 are not in education, employment or training.\n\n"
        "2. More than double the number of care leavers aged between 19 and 21 attend higher education in Rochdale "
        "compared to care leavers nationally.",
    )
    answer = answer_question(retriever, "What proportion of Rochdale care leavers aged 19 to 21 were NEET?")
    assert answer.supported and "50%" in answer.text


def test_the_period_a_count_covers_is_no_answer_to_how_long_something_lasts(made_up_index):
    retriever = _small_index(
        made_up_index,
        Rochdale="1. In the last 12 months, 43 grandparents received money as special guardians of a grandchild."
        "\n\n2. Kinship carers are thoroughly assessed.",
    )
    answer = answer_question(
        retriever, "How long does the money for grandparents who are special guardians last in Rochdale?"
    )
    assert not answer.supported and "12 months" not in answer.text
    asked = "how long is the wait for camhs for kids in care in luton?"  # an age is no wait
    assert not _states(asked, "The response to 16- and 17-year-old homeless young people.")
    assert _states("how long do care leavers get a PA?", "Care leavers get a PA up to the age of 25.")


def test_a_question_whether_inspectors_were_worried_is_answered_with_the_fault_they_found(made_up_index):
    retriever = _small_index(
        made_up_index,
        Knowsley="1. Stronger practice is evident in strategy meetings held in the contextual safeguarding team. Here, "
        "timely meetings, with good attendance by police, result in clear actions that reduce risk for children.\n\n"
        "2. Strategy meetings in the assessment teams are not always held in a timescale that is consistent with "
        "identified risks to children.\n\n3. Actions agreed in strategy meetings are recorded.",
    )
    answer = answer_question(
        retriever, "Were inspectors worried about how quickly Knowsley's strategy meetings are held?"
    )
    assert answer.supported and "not always held in a timescale" in answer.text


def test_a_sentence_comes_with_the_however_that_qualifies_it(retriever):
    answer = answer_question(retriever, "Do managers' and IROs' oversight drive improvement?")
    assert "However, its role in driving improvement is not yet consistently evident." in answer.text
    answer = answer_question(retriever, "Does the IRO in Knowsley challenge care plans?")
    assert "In some cases seen, the IRO is proactive in pursuing the care plan. However, in others" in answer.text
    _assert_verbatim(answer)


def test_a_however_comes_with_what_it_qualifies(retriever):
    answer = answer_question(retriever, "anything on adoption in knowsley?")
    assert "However, it also reflects the local authority’s determination" in answer.text
    assert "does not meet expected timescales. This is in part a legacy of earlier poor practice. However" in (
        answer.text
    )
    _assert_verbatim(answer)


def test_an_item_of_a_list_to_improve_comes_with_the_reports_finding_on_it(retriever):
    answer = answer_question(retriever, "What should change about child permanence reports?")
    sections = {c.hit.passage.section for c in answer.citations}
    assert "Recommendations" in sections and len(sections) == 2  # the recommendation, and the paragraph's finding
    assert "are not always as effective in giving an understanding of the child" in answer.text
    _assert_verbatim(answer)


def test_an_age_is_no_count_and_words_said_in_passing_are_no_topic():
    asked = "how many kids are being kicked out of school?"
    assert not _states(asked, "Children benefit from PAs being allocated to them at 16.")
    assert _states(asked, "In 2023, 16 children were permanently excluded from school.")
    assert [key[0] for key in key_words("What are the standout strengths in children's services now?")] == ["strengths"]


def test_a_word_the_reports_write_as_a_name_is_a_name_however_it_is_typed(retriever):
    index = retriever.index
    text_of = lambda row: index.passages[row].text  # noqa: E731
    assert written_as_name(index.bm25, "tyneside", text_of)  # "North Tyneside", three times
    assert not written_as_name(index.bm25, "care leavers", text_of)  # a term, in lower case
    assert not written_as_name(index.bm25, "knowsly", text_of)  # in no report
    assert not written_as_name(index.bm25, "mash", text_of)  # an acronym, which reports also spell out


def test_a_name_typed_with_a_word_after_it_is_still_a_name_no_report_in_scope_gives(made_up_index):
    kent = [f"{n}. Foster carers in hub {n} are supported through the Mockingbird programme." for n in range(1, 5)]
    retriever = _small_index(
        made_up_index,
        Knowsley="1. Foster carers are supported well, so that children in care stay in stable homes.",
        Kent="\n\n".join(kent),
    )
    asked = "does knowsley use the mockingbird model to support foster carers so children in care stay in stable homes?"
    answer = answer_question(retriever, asked)
    assert not answer.supported  # had been "Foster carers are supported well …": "mockingbird model" is no name
    assert answer.reason == "Knowsley’s reports do not mention mockingbird model"
    assert answer_question(retriever, "does kent use the mockingbird model to support its foster carers?").supported


def test_an_item_to_improve_brings_a_finding_on_it_however_far_below_it_scores():
    # "Consistency of response to 16- and 17-year-olds who present as homeless." had been Barking and Dagenham's
    # whole answer to "how are they dealing with 16 and 17 year olds who turn up homeless?"; its finding scored
    # 0.3 below it
    def hit(section: str, text: str, row: int) -> Hit:
        passage = Passage("bd-2023", f"bd-2023 ¶{row}", row, section, 1, 0, len(text), text)
        return Hit(passage, 0.0, None, 0.0, row)  # type: ignore[arg-type]

    item = "Consistency of response to 16- and 17-year-olds who present as homeless."
    finding = "The service’s response to children who are homeless does not take sufficient account of their needs."
    other = "Leaders know their services well."
    hits = [hit("What needs to improve?", item, 0), hit("Help and protection", f"{other} {finding}", 1)]
    scored = [(1.0, 0, item), (0.95, 1, other), (0.6, 1, finding)]
    assert _with_finding([(0, item)], scored, hits) == [(0, item), (1, finding)]
    assert _with_finding([(0, item)], scored[:2], hits) == [(0, item)]  # no finding sharing two of its words


def test_a_clause_opening_with_when_asks_what_the_question_after_it_asks():
    assert answer_type("When did Ofsted last inspect Knowsley?") == "date"
    assert answer_type("when was the last inspection and what did it find?") == "date"
    # "when ofsted re-inspected bucks in 2017" says which inspection; "how well …" is the question
    assert (
        answer_type("when ofsted re-inspected bucks in 2017 how well were asylum seeking kids looked after?") != "date"
    )
    assert answer_type("when a child goes missing in kent what happens?") != "date"
    # a condition, then a yes/no question: whether, not when
    assert answer_type("when kids get taken into care in kent do they get a health check quickly?") != "date"
    assert answer_type("when kids go missing is there a return interview?") != "date"
    assert answer_type("when did they stop using agency staff?") == "date"


def test_an_age_a_time_and_noticing_are_no_topic_the_reports_must_mention():
    keys = [key[0] for key in key_words("if a 16 year old gets kicked out and has nowhere to sleep, do they get help?")]
    assert "old" not in keys and "kicked" in keys
    assert "noticed" not in [key[0] for key in key_words("my fostering worker keeps changing - has ofsted noticed?")]
    held = [key[0] for key in key_words("what held back improvement in plymouth children's services?")]
    assert "held" not in held  # how it asks; no report need say "held"
    assert "out of hours" in expansions("is there anyone who can come out at 2am?")
    assert "sexual orientation" in expansions("how do they support LGBTQ+ young people?")
    assert "sexuality" not in expansions("how do they support LGBTQ+ young people?")  # "sexual" of exploitation


def test_a_councils_name_in_a_sentence_is_no_name_of_the_thing_asked():
    asked = "which charity provides the independent advocacy service for children in Hammersmith and Fulham?"
    assert not _named_things(asked, "Children living in the London Borough of Hammersmith & Fulham do well.")
    assert _named_things(asked, "Advocacy is provided by Barnardo’s in Hammersmith & Fulham.") == {"Barnardo"}


def test_a_judgement_tables_line_answers_no_question_about_something_within_its_area():
    assert not _reads_tables("What help do kids in care in Worcestershire get if they have an eating disorder?")
    assert _reads_tables("How are children in care doing in Sandwell?")


def test_how_much_a_tax_goes_up_asks_a_sum_of_money():
    assert _missing(
        "how much is sheffield council tax going up this year?",
        "how much is council tax going up this year?",
        None,
        ["The offer is not clear in respect of council tax exemptions."],
        {2023},
        [""],
    )


def test_everyday_words_for_growing_up_in_care_and_teaching_at_home_are_the_reports_terms():
    assert "care leavers" in expansions("do they help young people who grew up in care once they're in their twenties?")
    assert "elective home education" in expansions("parents take them out of school to teach them at home")
    assert "part-time timetables" in expansions("loads of kids are only going half days")
    assert "public transport" in expansions("do care leavers get any help with bus fares?")
    assert "outside of the county" in expansions("do looked after kids get sent to live miles away from home?")
    assert "life story" in expansions("do they help fostered kids understand where they came from?")
    assert "young carers" in expansions("kids who look after a sick mum or dad - do they get told what help there is?")
    assert "benefits and entitlements" in expansions("any discounts or freebies for care leavers?")
    assert "days" not in [key[0] for key in key_words("what's calderdale doing well for kids in care these days?")]
    assert "surely" not in [key[0] for key in key_words("kingston got outstanding but surely something needs fixing?")]
    assert _states("if it goes to an assessment how long will that take?", "Some assessments are taking many weeks.")
    said = expansions("does the council still foot the bill for the yearly property charge on their flat?")
    assert "council tax" in said and "paid" in said
    assert "partnership" in expansions("when was the isle of wight's tie-up with hampshire due to finish?")
    assert "private fostering" in expansions("we're looking after a mate's child informally")
    assert "own tenancy" in expansions("will the council actually sort him out with a place of his own?")
    assert "semi-independent" in expansions("what was it like for teenagers in care put in shared houses?")
    # "how long-term social work was organised" asks no duration
    assert not _asks_figure("what had the council changed about how long-term social work was organised?", "")


def test_who_runs_childrens_social_care_is_who_the_council_delegated_it_to(made_up_index):
    retriever = _small_index(
        made_up_index,
        Reading="1. The Children in Care Council represents children’s views at corporate parenting forums.\n\n"
        "2. Children told inspectors that it is hard to trust social workers and keep building relationships with "
        "someone new.\n\n3. Since December 2018, children’s social care statutory functions have been delegated to "
        "Brighter Futures for Children. The company and council work together.",
    )
    for asked in (
        "who actually runs children's social care in reading - the council or someone else?",
        "is children's social care in reading run by a company?",
    ):
        answer = answer_question(retriever, asked)
        assert answer.supported and answer.text.startswith("Since December 2018"), (asked, answer.text)


def test_short_breaks_and_other_terms_no_report_in_scope_mentions_are_not_found(made_up_index):
    retriever = _small_index(
        made_up_index,
        Derbyshire="1. Disabled children and their families are supported well by the disabled children's team.",
        Ealing="1. The intensive therapeutic short-breaks service for disabled children is a particular strength.",
    )
    asked = "what short breaks or respite care are there for disabled kids and their families in derbyshire?"
    answer = answer_question(retriever, asked)
    assert not answer.supported and answer.reason == "Derbyshire’s reports do not mention short breaks"
    assert answer_question(retriever, asked.replace("derbyshire", "ealing")).supported
    for asked, term in (
        ("what does derbyshire do to protect disabled young people from forced marriage?", "forced marriage"),
        ("how does derbyshire support families with no recourse to public funds?", "no recourse to public funds"),
    ):
        answer = answer_question(retriever, asked)
        assert not answer.supported and answer.reason.endswith(f" {term}"), asked


def test_words_of_how_things_went_and_of_the_people_asked_about_are_no_topic():
    assert "calmed" not in [key[0] for key in key_words("social workers kept leaving - has that calmed down now?")]
    asked = "outstanding across the board - was there literally anything they were told to improve?"
    assert [key[0] for key in key_words(asked)] == []
    assert [key[0] for key in key_words("was it top marks across the board in 2022 too")] == []  # a grade
    assert "him" not in [key[0] for key in key_words("does sandwell still sort his council tax for him?")]
    assert "council tax" in expansions("does sandwell still sort his council bill?")


def test_how_the_inspection_was_done_is_no_answer_unless_asked(made_up_index):
    retriever = _small_index(
        made_up_index,
        Ealing="Information about this inspection\n\nInspectors have looked closely at the experiences of children "
        "who need help, including children who look after a sick parent at home. The inspection team consisted of "
        "four of Her Majesty’s Inspectors.\n\nThe experiences of children\n\n1. Support for families is good.\n\n"
        "2. Children who are young carers are not always made aware of the support that is available.",
    )
    answer = answer_question(retriever, "kids in ealing who look after a sick mum or dad - do they get help?")
    assert answer.supported and "Inspectors have looked closely" not in answer.text
    assert "young carers are not always made aware" in answer.text
    team = answer_question(retriever, "how many inspectors were on the inspection team in ealing?")
    assert team.supported and "four of Her Majesty’s Inspectors" in team.text


def test_a_word_of_how_a_service_went_is_no_rare_term_the_reports_must_say(made_up_index):
    # "dropped" (the reports' "declined", in no passage here) asks how it went, not about a topic
    helped = [f"{n}. Children in Kent are visited by social workers in area {n}." for n in range(1, 60)]
    retriever = _small_index(
        made_up_index,
        Kent="\n\n".join([*helped, "60. Care leavers over 21 keep their personal adviser if they want one."]),
    )
    answer = answer_question(retriever, "what happens when kent care leavers hit 21, do they just get dropped?")
    assert answer.supported and "Care leavers over 21 keep their personal adviser" in answer.text


def test_a_reports_title_is_no_answer_and_a_grade_from_ofsted_in_a_year_is_that_years(made_up_index):
    retriever = _small_index(
        made_up_index,
        Darlington="Inspection of services for children in need of help and protection, children looked after and "
        "care leavers\n\n1. Children in care say their views shape how services are run.",
    )
    answer = answer_question(retriever, "do children looked after and care leavers in darlington get listened to?")
    assert answer.supported and "Inspection of services" not in answer.text
    assert "views shape how services are run" in answer.text
    asked = "what overall grade did east sussex childrens services get from ofsted in 2018"
    assert year_filters(asked, Filters()).years == (2018,)  # not reports since 2018
    assert year_filters("What has changed from 2018 in East Sussex?", Filters()).since == "2019"
    looked = "how were thurrock's looked after kids doing when ofsted inspected in 2016?"  # "after": not since
    assert year_filters(looked, Filters()).years == (2016,)
    assert asked_fact(looked) == ("grade", "in_care")
    assert asked_fact("how were thurrock's looked after kids doing in their gcses in 2016?") is None  # the exams
    improving = "North Yorkshire got outstanding in 2023 - did Ofsted say anything needed improving?"
    assert answer_type(improving) == "improve"


def test_a_time_said_by_covid_and_a_term_said_in_another_vocabularys_form_are_mentioned(made_up_index):
    retriever = _small_index(
        made_up_index, Slough="1. Contacts are screened within an hour.\n\n2. Care leavers are well supported."
    )
    slough, bm25 = retriever.allowed(Filters(authorities=("Slough",))), retriever.index.bm25
    assert unmentioned(bm25, "Were care leavers better supported before covid?", slough).phrases == ()
    for chat in ("what was so bad anyway", "is theirs any good", "how are care leavers, care wise?", "where i am now"):
        assert unmentioned(bm25, chat, slough).phrases == (), chat  # words of chat, not what is asked
    every = retriever.index.passages
    text_of = lambda row: every[row].text  # noqa: E731
    # "front door" is Ofsted's MASH, and in everyday words also "contacts", which Slough's report says
    assert unmentioned(bm25, "How quick is their front door?", slough, text_of).terms == ()


def test_a_name_asked_as_typed_without_an_apostrophe_and_online_safety_no_report_mentions(made_up_index):
    helped = [f"{n}. Young people in Rochdale get help from staff in team {n}." for n in range(1, 30)]
    others = [f"{n}. Children in Kent are visited by social workers in area {n}." for n in range(1, 30)]
    retriever = _small_index(
        made_up_index,
        Rochdale="\n\n".join([*helped, "30. The Lead Member is committed to the role and knows what must change."]),
        Kent="\n\n".join([*others, "30. Children are taught about online safety and social media in schools."]),
    )
    member = answer_question(retriever, "whats the name of rochdale's lead member for children's services?")
    assert not member.supported and member.reason == "the nearest passages name no lead member"
    online = answer_question(retriever, "what does rochdale do to keep kids safe online?")
    assert not online.supported and online.reason == "Rochdale’s reports do not mention online"
    assert answer_question(retriever, "what does kent do to keep kids safe online?").supported


def test_a_place_said_before_a_question_an_inspection_of_another_kind_and_an_average_typed_so():
    assert find_councils("are there many trafficked children in reading and how does the council deal with them")
    assert not find_councils("how is progress in reading and maths for children in care?")
    assert find_councils("kingston got outstanding - is there anything at all they need to do better?")
    # a place named as what was heard of it; not a subject
    assert find_councils("heard kingston got top marks across the board. was there anything they still had to sort?")
    assert not find_councils("i heard reading was good for kids in care")
    assert find_councils("how many weeks do sutton families wait for an early help assessment?") == ["Sutton"]
    assert not find_councils("is reading children stories at bedtime encouraged by foster carers?")
    assert asked_fact("when was that joint targeted area inspection in cheshire east?") is None  # not the ILACS dates
    assert answer_type("what does blackpool children's services need to get better at now?") == "improve"
    assert _asks_figure("whats the average caseload for a social worker at bcp these days", "")


def test_a_share_typed_with_a_percent_sign_is_a_figure_and_a_framework_outcome_counts_nothing():
    asked = "what % of wokingham care leavers aren't in work, college or training?"
    assert answer_type(asked) == "number" and _asks_figure(asked, "")  # the figure, or "not found"
    counted = "how many kids are in care in buckinghamshire right now?"
    assert not _states(counted, "The engagement of children in care (National Framework enabler two).")
    assert not _states(counted, "Transition planning for children in care (National Framework outcome four).")
    assert _states(counted, "There are 480 children in care.")


def test_a_share_asked_as_how_much_of_after_a_when_clause_is_a_figure_not_a_date():
    asked = "when sandwell was rated inadequate in 2017, how much of the social work staff was new or agency?"
    assert _states(asked, "However, nearly 60% of staff at social worker level are employed through an agency.")
    assert not _states(asked, "Many social workers have started working in Sandwell since June.")  # no share


def test_a_board_of_capitalised_words_names_no_person_in_the_role_asked():
    board = (
        "He attends regular alignment meetings with the independent chair of the Gloucestershire Safeguarding Adults "
        "Board, the director of children's services and the directors of adult social services."
    )
    assert not _names("director", board)  # "Adults Board" is no one's name
    assert _names("director", "The director of children's services, Jane Smith, came into post in 2021.")


def test_a_young_carer_is_the_reports_young_carers(retriever):
    assert any("young carers" in forms for *_, forms in other_forms("is there any help for a young carer?"))
    # had been answered "Approximately 32,486 children and young people … live in Knowsley", cited
    answer = answer_question(retriever, "My nephew is a young carer in Knowsley, how are those kids getting on?")
    assert not answer.supported and "young carer" in answer.reason


def test_a_share_of_people_said_with_who_and_a_date_said_further_below_are_answered(made_up_index):
    retriever = _small_index(
        made_up_index,
        Rochdale="1. At the time of inspection, 67% of care leavers were in some form of education, training or "
        "employment. The proportion of care leavers who are in education, training or employment is above both "
        "regional and national comparators.\n\n2. The experiences and progress of care leavers in Rochdale are good.",
        Norfolk="1. Children in care in Norfolk receive exceptional help and support that enables most to make "
        "significant progress.\n\n2. The implementation of the family help model in September 2024 is well embedded "
        "and delivers a coherent, wraparound offer for children and families.",
    )
    share = answer_question(
        retriever, "what percentage of young people in rochdale who'd left care were in work, training or education?"
    )
    assert share.supported and "67%" in share.text
    when = answer_question(retriever, "when did norfolk switch over to its new family help way of working?")
    assert when.supported and "September 2024" in when.text


def test_a_year_said_in_a_remark_after_the_question_is_not_a_year_searched():
    asked = "how many children were on protection plans in bucks at the latest (2025) inspection? the 2017 one said 598"
    assert year_filters(asked, Filters()).years == (2025,)
    assert year_filters("was it better in 2017? i heard it was", Filters()).years == (2017,)


def test_which_charity_asked_after_a_remark_wants_a_name_and_hacked_is_a_cyber_attack(made_up_index):
    retriever = _small_index(
        made_up_index,
        Sussex="1. Leaders have established a successful partnership with a national charity and two local boarding "
        "schools to secure scholarships for around four children in care each year.",
        Hackney="1. A criminal cyber-attack in 2020 had a huge impact on the council’s ability to manage its services.",
    )
    which = answer_question(
        retriever,
        "sussex got boarding school places for some kids in care — which charity and which schools were involved?",
    )
    assert not which.supported
    hacked = answer_question(
        retriever, "hackney got hacked a few years back didn't it — did that hit children's services?"
    )
    assert hacked.supported and "cyber-attack" in hacked.text


def test_a_programmes_name_is_not_said_by_its_words_apart(made_up_index):
    retriever = _small_index(
        made_up_index,
        Rochdale="1. Effective use of multi-systemic therapy is helping several children and families safely stay "
        "together. Practitioners provide good support to children at risk of neglect or domestic abuse.\n\n2. Care "
        "leavers live in a good range of houses, and a project helps them into work.",
    )
    for question in (
        "does rochdale use the safe and together approach when there's domestic abuse in a family?",
        "has rochdale got a house project for care leavers moving into their first flat?",
    ):
        answer = answer_question(retriever, question)
        assert not answer.supported, question


def test_places_not_properly_registered_are_the_reports_unregistered_homes():
    forms = [
        form for *_, group in other_forms("kids ending up in places that aren't properly registered") for form in group
    ]
    assert "unregistered children's homes" in forms


def test_a_count_of_people_named_by_a_clause_or_by_what_they_lack_is_a_figure_of_them():
    lacking = "gloucestershire 2017 - how many kids didn't even have a social worker in the gloucester team?"
    assert _states(lacking, "There were 47 children and young people who were unallocated within the Gloucester team.")
    grown = "bedford 2017 - how many young adults who'd grown up in care was the council still supporting?"
    assert _states(grown, "The leaving and after care team currently works with 111 care leavers.")
    assert not _states(grown, "The council employs 40 social workers.")  # a figure of others
    assert not _states("how many children who go missing get a return interview?", "There are 200 children in care.")


def test_the_worst_thing_asks_for_the_list_a_money_hole_for_a_sum_and_the_latest_one_for_the_latest_report():
    assert wanted_answer("what's the worst thing still wrong with children's services now?") == "improve"
    assert wanted_answer("what's the biggest problem with care leavers' housing?") is None  # of a topic: findings
    assert asks_latest("lancashire got top marks but what's the worst thing ofsted found in the latest one?")
    assert _asks_figure("how big was the council's money hole exactly?", "")
    assert not _asks_figure("how big are caseloads in slough?", "")
    assert find_councils("stoke - are care cases in the family courts still dragging on for ages?") == [
        "Stoke-on-Trent"
    ]
    assert not find_councils("reading, writing and maths results for children in care?")


def test_words_for_a_thing_of_several_ask_of_it_and_a_programme_or_people_no_report_names_is_not_found():
    assert not _of_no_topic("what changed about how they handle calls when someone first reports a worry?")
    assert _of_no_topic("what's held back improvement in children's services since the last inspection?")
    assert _names_unmentioned("does luton have the pause programme for mums?", ("pause",))
    assert _names_unmentioned("how is waltham forest supporting ukrainian refugee kids?", ("ukrainian",))
    assert not _names_unmentioned("does luton pause visits in the holidays?", ("pause",))


def test_a_figure_beside_the_sentence_that_names_the_thing_answers_if_it_says_what_it_counts(made_up_index):
    retriever = _small_index(
        made_up_index,
        Gloucestershire="1. The ‘Teens in crisis’ pilot, started in July 2016, offers an online counselling service "
        "for young people. To date, 78 young people have accessed 260 counselling sessions, with short waits.\n\n"
        "2. A new participation team for care leavers is in place. There are now two age groups in the team.\n\n"
        "3. Most children live in stable homes.",
    )
    asked = "how many young people have used gloucestershire's online counselling pilot so far?"
    used = answer_question(retriever, asked)
    assert used.supported and "78 young people" in used.text  # had been "not found": no figure in the best sentence
    _assert_verbatim(used)
    groups = answer_question(retriever, "how many care leavers does gloucestershire's participation team work with?")
    assert not groups.supported  # not "two age groups", a figure of no care leavers beside a sentence about them
    drive = "The fostering recruitment drive is under way. Ten children live in such placements, helped by carers."
    carers = "how many new foster carers did the recruitment drive find?"
    assert not _states_itself(carers, drive.split(". ")[1], drive)  # "Ten children": though it speaks of carers
    assert _states_itself("how many children live in such placements?", drive.split(". ")[1], drive)
    # the last inspection's year, said in passing, dates nothing else
    handed = "on what date did the trust hand children's social care back to the council?"
    assert not _states(handed, "Since the last inspection of children’s services in 2022, leaders have acted.")


def test_what_ofsted_said_is_the_reports_sentence_not_a_news_quote_naming_ofsted(retriever):
    answer = answer_question(retriever, "What did Ofsted say about the pathway plans - any good in Knowsley?")
    assert answer.text.startswith("Pathway plans have been recently changed")
    assert "We told Ofsted" not in answer.text
    assert {c.hit.passage.citation for c in answer.citations} == {"knowsley-2017 ¶42"}


def _one_report(made_up_index, council: str, text: str):
    """A retriever over one made-up inspection report of `council`, dated 2026."""
    return made_up_index((council, text, f"{council.lower()}_2026", "2026-01-20"))


def test_everyday_words_whose_report_term_shares_their_word_are_said_by_that_word(made_up_index):
    retriever = _one_report(
        made_up_index,
        "Blackpool",
        "1. Children enjoy sport and leisure.\n\n2. There are clear systems for identifying and escalating missing "
        "and exploitation risks, which help children remain safer in the community.",
    )
    answer = answer_question(retriever, "is blackpool any better with kids going missing?")
    assert answer.supported, answer.reason  # not "Blackpool's reports do not mention missing from home"
    assert answer.text.startswith("There are clear systems for identifying and escalating missing")
    # the word shared is said: not the everyday words of a term no report says ("looks after her dad")
    young_carers = answer_question(retriever, "my son looks after his dad - does blackpool do much for young carers?")
    assert not young_carers.supported


def test_everyday_words_find_the_sentence_in_the_reports_words(made_up_index):
    retriever = _one_report(
        made_up_index,
        "Hillingdon",
        "1. Children who need help and protection are supported well by their social workers.\n\n2. Children "
        "receive appropriate support and intervention from an out-of-hours emergency duty team (EDT) service. Those "
        "at university benefit from having their accommodation paid for.",
    )
    answer = answer_question(retriever, "was the night cover any good in hillingdon?")  # "out of hours"
    assert answer.supported, answer.reason
    assert answer.text.startswith("Children receive appropriate support and intervention from an out-of-hours")


def test_a_count_gone_through_lately_is_the_figure_and_a_role_told_then_asked_by_name_needs_a_name(made_up_index):
    retriever = _one_report(
        made_up_index,
        "Middlesbrough",
        "1. Over a short period of time, four directors of children's services (DCS) have led the service, and this "
        "churn in leadership has prevented improvement.\n\n2. The appointment of an experienced and permanent "
        "director of children's services in January 2021 has brought much-needed stability.",
    )
    count = answer_question(
        retriever, "how many different directors of children's services has middlesbrough gone through lately?"
    )
    assert count.supported and "four directors" in count.text, count.reason
    named = answer_question(
        retriever, "middlesbrough got a permanent director of children's services in 2021 - what's their name?"
    )
    assert not named.supported and named.reason == "the nearest passages name no director"
    actual = answer_question(
        retriever, "middlesbrough got a new director of children's services a while back — what's their actual name?"
    )
    assert not actual.supported and actual.reason == "the nearest passages name no director"


def test_everyday_words_for_night_cover_kinship_carers_lifelong_support_and_agency_staff_are_searched_in_report_words():
    assert "out of hours" in expansions("is cornwall's night-time service any better?")
    assert "kinship carers" in expansions("what about grans and aunties raising kids, do they get checked?")
    assert "lifelong" in expansions("back in 2022 was there any promise to stick with them for life?")
    assert "permanent workforce" in expansions("i heard they got rid of most of the agency social workers there")
    assert "mental health" in expansions("our foster lad just turned 18 and he's struggling in his head")


def test_everyday_words_for_a_trust_taken_back_gym_costs_translation_and_ai_are_searched_in_report_words():
    assert "trust" in expansions("is that separate arm's-length outfit still running kids' social work?")
    assert "fully funded" in expansions("does the council cover the cost if I want to work out somewhere?")
    assert "first language" in expansions("care leavers who don't read english well getting the info")
    assert "artificial intelligence" in expansions("are they trying out any of that chatgpt-type stuff now?")
    assert "delays" in expansions("going back to the hold-ups in the latest one")
    assert "stepson" not in [key[0] for key in key_words("my stepson told his council worker he's done with them")]


def test_everyday_words_for_repeat_plans_turning_18_lower_case_abbreviations_and_brum_are_the_reports_terms():
    assert "child and adolescent mental health services" in expansions("was camhs any good in bucks?")
    assert "personal adviser" not in expansions("my pa says hi")  # "pa" is a word; "PA" the abbreviation
    assert find_councils("brum — who deals with teenagers being groomed by gangs?") == ["Birmingham"]
    assert "second or subsequent time" in expansions("are kids there ending up back on cp plans a lot?")
    assert "care leavers" in expansions("and once they turn 18?")


def test_everyday_words_for_adhd_the_head_of_service_poverty_files_tenancies_and_keeping_an_eye_are_the_reports():
    assert "attention deficit hyperactivity disorder" in expansions(
        "can teenagers get seen quicker for an adhd diagnosis?"
    )
    assert "dcs" in expansions("when did knowsley's current head of children's services start?")
    assert "living in poverty" in expansions("roughly what share of kids there were growing up poor?")
    assert "case records" in expansions("what did ofsted think of the way social workers write up children's files?")
    assert "tenancy breakdowns" in expansions("and the care leavers - any tenancies falling through?")
    assert "management oversight" in expansions("is anyone keeping a proper eye on them?")


def test_a_borough_council_a_users_role_their_lad_and_whether_they_knew_how_many_are_read_as_users_mean_them():
    assert find_councils("is it actually reading borough council that runs children's social care?") == ["Reading"]
    role = key_words("as a rochdale councillor - what's the worst thing ofsted found last time round?")
    assert "councillor" not in [word for word, *_ in role]  # who asks, which no report need say
    lad = key_words("the lad we've looked after is off to uni, where's he supposed to stay over the summer breaks?")
    assert not {"lad", "supposed"} & {word for word, *_ in lad} and "vacations" in expansions("summer breaks")
    assert answer_type("did the council even know how many kids were being kept overnight in police cells?") is None
    assert answer_type("how many kids were being kept overnight in police cells?") == "number"


def test_whether_a_council_is_any_good_at_a_piece_of_work_is_what_the_report_says_of_it(retriever):
    work = answer_question(retriever, "are knowsley any good at getting care leavers into work or training?")
    assert work.supported and not work.text.startswith("Experiences and progress of care leavers: Good")  # the grade
    assert "Care Leavers" in work.text or "care leavers" in work.text  # alone, had been all of it
    area = answer_question(retriever, "is knowsley any good with young people leaving care?")
    assert area.text.startswith("Experiences and progress of care leavers: Good")  # the area: its grade


def test_how_bad_an_inspection_was_for_kids_social_care_is_its_headline(retriever):
    answer = answer_question(retriever, "how bad was knowsley's 2017 ofsted for kids social care?")
    assert answer.text.startswith("Overall effectiveness: Requires improvement to be good")  # "kids": no topic


def test_what_still_was_not_good_enough_is_the_list_of_what_to_improve(retriever):
    answer = answer_question(
        retriever, "knowsley was judged good but was there anything ofsted said still wasn't good enough?"
    )
    assert answer.text.startswith("• Ensure") and answer.text.count("• ") >= 3


def test_a_named_model_asked_about_before_a_dash_and_pointed_back_to_is_not_found_where_not_said(made_up_index):
    retriever = made_up_index(
        ("Stockport", "1. Social workers know their children well and visit them regularly.", "st", None),
        ("Leeds", "1. Social workers use the Signs of Safety model in all assessments.", "le", None),
        ("Kent", "1. Child protection conferences in Kent follow Signs of Safety.", "ke", None),
        ("Warrington", "1. The Living Well Hub gives teenagers a place to meet their workers.", "wa", None),
        ("Essex", "1. The No Wrong Door hubs support teenagers on the edge of care.", "es", None),
        ("Sutton", "1. Sutton opened two No Wrong Door hubs for teenagers.", "su", None),
    )
    answer = answer_question(retriever, "stockport signs of safety — is that what their social workers use?")
    assert not answer.supported and "signs of safety" in answer.reason  # had quoted "Social workers know …"
    hubs = answer_question(retriever, "warrington no wrong door hubs for teenagers - do they have them?")
    assert not hubs.supported and "no wrong door" in hubs.reason  # had quoted "The Living Well Hub …"


def test_leisure_centre_passes_are_a_care_leavers_offer_not_other_council_business(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "St Helens",
        sh_2023="1. Care leavers are supported through the local offer, with driving lessons, leisure passes and "
        "help with their council tax.",
    )
    answer = answer_question(retriever, "st helens - do care leavers get free leisure centre passes?")
    assert answer.supported and "leisure passes" in answer.text  # had been "do not speak of leisure centre"
    hours = answer_question(retriever, "what time does the st helens leisure centre open?")
    assert not hours.supported


def test_a_weekly_rate_of_pay_answered_without_a_sum_of_money_is_not_found(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "North Somerset",
        ns_2023="1. The local authority has put in place a new fostering strategy and raised what it pays foster "
        "carers. Almost half of children in long-term foster care are matched with their carers.",
    )
    answer = answer_question(
        retriever, "north somerset upped what they pay foster carers didn't they — what's the new weekly rate?"
    )
    assert not answer.supported  # "Almost half …" is no sum of money


def test_whether_a_chance_of_respite_is_impossible_asks_of_short_breaks(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Southampton",
        so_2023="1. Social workers supporting disabled children understand their needs. However, access to short "
        "breaks or respite care arrangements is limited and is insufficient to meet demand.",
    )
    answer = answer_question(
        retriever,
        "southampton mum of a disabled 9 yo - any chance of getting a few nights off now and then, or is that "
        "impossible to get",
    )
    assert answer.supported and "insufficient to meet demand" in answer.text  # had been "do not mention chance …"


def test_everyday_words_for_gangs_respite_long_serving_meeting_and_health_checks_are_the_reports():
    assert "criminal exploitation" in expansions("my 15 yr old is getting pulled into a gang")
    assert "short breaks" in expansions("any chance of a few nights off?")
    assert "long-standing" in expansions("was the long-serving director still there?")
    assert "meets" in expansions("how often do they get together?")
    assert "review health assessments" in expansions("does someone come out for his yearly medical?")
    assert "private fostering" in expansions("a youngster staying with a non-relative")
    assert "transition" in expansions("when does a teenager swap over to a new worker?")
    assert "sufficiency" in expansions("was finding homes this hard in 2022?")
    assert "sufficiency" in expansions("why's the shortage so bad?")
    assert "missing lessons" in expansions("were social workers pulling kids out of class to see them?")
    assert "fragility" in expansions("was the leadership already looking shaky in 2023?")
    assert "same social worker" in expansions("do kids get to keep one worker?")


def test_whether_anything_is_being_done_about_a_shortfall_is_answered_by_what_leaders_do(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Southampton",
        so_2023="1. Access to short breaks for disabled children is limited and is insufficient to meet demand. "
        "Disabled children have plans that describe their needs well. Leaders have recognised this shortfall and "
        "are undertaking a comprehensive review of the short-breaks offer.\n\n2. Short breaks foster carers are "
        "well trained.",
    )
    answer = answer_question(retriever, "is anything being done about short breaks for disabled kids in southampton?")
    assert "insufficient to meet demand" in answer.text and "comprehensive review" in answer.text
    _assert_verbatim(answer)


def test_when_the_current_director_started_is_asked_of_the_latest_report(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Herefordshire",
        he_2022="1. Significant numbers of staff at all levels started to leave the authority, including, in April "
        "2021, the director of children’s services (DCS) and the senior management team.",
        he_2026="1. Services for children in Herefordshire have improved. Since the appointment of the Corporate "
        "Director of Children’s Services in July 2024, improvements have been made at pace.",
    )
    answer = answer_question(retriever, "when did herefordshire's current DCS start? they seem to have turned it round")
    assert "July 2024" in answer.text and "April 2021" not in answer.text  # had been the one who left in 2021


def test_a_figure_of_other_things_named_after_it_is_no_count_of_what_is_asked(made_up_index):
    retriever = _small_index(
        made_up_index,
        Sunderland="1. There is a very strong fostering ethos in Sunderland. The trust leads a partnership, which "
        "brings together 12 local authorities to strengthen foster carer recruitment efforts.\n\n"
        "2. Most children live in stable homes.",
        Gateshead="1. Foster carer recruitment is strong. Last year, 23 new fostering households were approved.",
    )
    signed = answer_question(retriever, "how many new foster carers did sunderland sign up last year?")
    assert not signed.supported  # had quoted "12 local authorities", a count of no foster carers
    approved = answer_question(retriever, "how many new foster carers did gateshead get last year?")
    assert approved.supported and "23 new fostering households" in approved.text
    _assert_verbatim(approved)
    carers = "how many new foster carers did they sign up last year?"
    assert not _states(carers, "Currently, 25 young people have chosen to stay with their existing foster carers.")
    # what the question says of them: "(CAFs)"; "monitor" for the times Ofsted came
    cafs = "How many family support assessments (CAFs) were done in the half-year before?"
    caf = "There were 238 CAFs completed in the six months prior to inspection, most by early help staff."
    assert _states(cafs, caf)
    older = "how many of their older care leavers were actually in work or college?"  # of the older care leavers
    half = "Although improving, only around half of all young people aged 19–21 are in EET."
    assert _states(older, half, half)  # had counted "of their older care", and "EET" was no form of it
    visits = "how many times did ofsted come back to monitor bradford?"
    seven = "Ofsted has conducted seven monitoring visits since the previous inadequate judgement."
    assert _states(visits, seven, f"{seven} At the time of this inspection, leaders had a plan.")


def test_whether_adoption_is_timely_is_answered_by_the_sentence_on_its_timeliness(retriever):
    answer = answer_question(retriever, "Is adoption in Knowsley timely?")  # issue 13's own example
    assert answer.supported and "does not meet expected timescales" in answer.text  # had been two positive lines
    _assert_verbatim(answer)


def test_which_council_ran_it_before_is_the_sentence_naming_the_council_beside_the_closest(made_up_index):
    retriever = _small_index(
        made_up_index,
        **{
            "Westmorland and Furness": "1. Children are safe and well supported. This was the first inspection of "
            "Westmorland and Furness local authority children’s services. Children’s services in the predecessor "
            "local authority, Cumbria County Council, were judged requires improvement to be good in November 2022."
            "\n\n2. Most children live in stable homes."
        },
    )
    answer = answer_question(
        retriever, "westmorland and furness - which council ran kids' social care there before it existed?"
    )
    assert answer.supported and "Cumbria County Council" in answer.text  # had been "not found": no council named
    _assert_verbatim(answer)


def test_a_thing_typed_with_an_ampersand_is_a_topic_not_the_inspections_headline():
    # "b&b" has no key word ("b"), but the reports' "bed and breakfast": had been answered by the 2016 grade
    assert not _of_no_topic("Was the b&b already flagged at the inspection before?")
    assert _of_no_topic("how did the inspection before go?")


def test_everyday_words_for_staying_staff_extra_hours_backing_matching_trials_corners_and_visits_are_the_reports():
    assert "retention" in expansions("what about west sussex — do their staff stay?")
    assert "additional hours" in expansions("were people doing loads of extra hours?")
    assert "feel well supported" in expansions("do staff at least feel backed by management?")
    assert "well matched" in expansions("i heard kids were getting badly matched back then")
    assert "education, employment or training" in expansions("how many older care leavers were in work or college?")
    assert "pilot" in expansions("when did the new family help trial start?")
    assert "advocacy" in expansions("if my foster son wants someone independent to fight his corner")
    assert "delegated authority" in expansions("can the young people i look after go to sleepovers?")
    assert "visits" in expansions("and my PA barely comes round - did they pick up on that?")
    assert "setting up home grant" in expansions("has the council bumped up the money for your first flat?")
    assert "contact centre" in expansions("where mums and dads can spend supervised time with kids")
    # how much, when, what else: no key word a report must say
    asked = "can they go to sleepovers etc without a yes, or a massive wait meanwhile? glowing, whenever, unlike kent"
    assert not {"etc", "yes", "massive", "meanwhile", "glowing", "whenever", "unlike"} & {
        k[0] for k in key_words(asked)
    }


def test_a_sum_asked_after_the_money_talked_of_and_a_target_caseload_are_figures_to_state():
    for asked in (
        "north somerset say they're giving foster carers more money — how much extra per week is it?",
        "south glos said they were raising foster carer pay — how much by?",
        "whats the actual £ amount of the leaving care grant in bucks?",
        "what's derbyshire's target caseload per social worker?",
    ):
        assert _asks_figure(asked, asked), asked  # had been answered by sentences of no sum or figure
    assert not _asks_figure("how much more support do they get?", "how much more support do they get?")
    vets = "Which organisation finds and vets would-be adoptive parents?"  # "would-be": no word to say
    assert _naming(vets, vets) == _naming("Which organisation finds and vets adoptive parents?", vets)
    assert OTHER_BODY.search("are they approving loads of new housing developments?")  # not children's services


def test_what_help_care_leavers_can_still_get_is_no_question_of_the_latest_report():
    assert not asks_latest("how many over-21s has hillingdon told what help they can still get?")  # go on getting
    assert asks_latest("is slough still inadequate?")


def test_a_name_asked_is_the_sentence_that_gives_one_where_it_is_close(made_up_index):
    retriever = _small_index(
        made_up_index,
        Wiltshire="1. Care leavers who are pregnant or who are young parents receive good support. They have access "
        "to a bespoke parenting support group which supports their needs as care leavers.\n\n"
        "2. Care leavers receive a range of ongoing support. The care leaver local offer, known as the ‘care leaver "
        "promise’, is comprehensive and easy to understand.\n\n3. Children living in Wiltshire benefit from "
        "high-quality services that make a positive difference to their lives.",
    )
    answer = answer_question(
        retriever, "what's wiltshire's list of entitlements for young people who grew up in care called?"
    )
    assert answer.supported and "‘care leaver promise’" in answer.text  # had been "not found": no name given
    _assert_verbatim(answer)


def test_a_paragraphs_number_left_on_its_first_sentence_is_no_count():
    asked = "how many kids were living in unregistered children's homes at the last inspection?"
    assert not _states(asked, "34\tMost children in care live in stable placements that meet their needs.")
    assert _states(asked, "Eight children were living in unregistered children’s homes.")


def test_a_council_tax_issue_a_remark_after_the_question_an_unnamed_chair_and_a_count_of_others(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Hartlepool",
        hp_2024="Overall effectiveness\n\n1. Care leavers are well supported by their personal advisers.\n\n"
        "2. Not all PAs have fully understood the local offer, which has affected the experiences of a small number "
        "of care leavers. This relates mainly to council tax exemption for young people living outside of "
        "Hartlepool.\n\n3. The children's trust operates under an independent chair and board of directors.\n\n"
        "4. Services for children in Hartlepool have declined seriously since the last inspection.\n\n5. At the "
        "time of the inspection, six care leavers over 18 were living with former foster carers.",
    )
    issue = answer_question(retriever, "what was the council tax issue with their care leavers in hartlepool?")
    assert issue.supported and "council tax exemption" in issue.text  # had been "… give no figure or date"
    bad = answer_question(retriever, "how bad was hartlepool's 2024 ofsted really? a friend worked there then")
    assert bad.supported  # had been "… do not speak of friend or worked": what the user told, not asked
    chair = answer_question(retriever, "who actually chairs the board of the hartlepool children's trust?")
    assert not chair.supported and "name no chair" in chair.reason  # "an independent chair" names no one
    lodging = "A larger number of care leavers (15) were living in supported lodging arrangements."
    passage = f"At the time of the inspection, six care leavers were living with former foster carers. {lodging}"
    assert not _states("how many young carers does cheshire east support?", lodging, passage)  # had: of others
    birthday = "Young people are supported to stay with their foster carers beyond their 18th birthdays."
    assert not _states("how many young carers does cheshire east support?", birthday, birthday)  # an age, no count
    home = "The local authority operates one children’s home, which was judged to be good."
    assert _states("how many children's homes did the council itself run?", home, home)  # "one" had been no figure


def test_everyday_words_are_read_in_their_other_forms_and_ruled_out_as_topics():
    forms = {
        q[start:end]: group
        for q in ("if a care leaver ends up inside", "start pushing back on them")
        for start, end, group in other_forms(q)
    }
    assert "custody" in forms["ends up inside"] and "challenge" in forms["pushing back"]  # "end up", "push back"
    assert find_councils("how many family hubs has sutton opened so far?") == ["Sutton"]
    adoption = "north somerset gets a lot of stick, is there anything they're actually good at? e.g. adoption"
    assert asking_clauses(adoption) == adoption  # "e.g. adoption" says what is asked (it had been three clauses)
    said = "thurrock got outstanding, fair enough, but what are they still not great at? when did it kick in?"
    assert not {word for word, *_ in key_words(said)} & {"fair", "enough", "kick"}  # how it asks, not what of


def test_everyday_words_for_arriving_staff_and_family_friends_and_figures_that_are_ages_or_how_often(made_up_index):
    retriever = _two_reports(
        made_up_index,
        "Kent",
        kent_2025="Overall effectiveness\n\n1. Kent is still the main point of arrival for unaccompanied "
        "asylum-seeking children arriving in England. Experienced practitioners successfully martial the National "
        "Transfer Scheme, with children supported to live safely across the country.\n\n2. Most children in care "
        "live in stable homes close to their families and schools.\n\n3. Families receive timely early help from "
        "family hubs, and most children's needs are met without statutory intervention.",
    )
    programme = answer_question(retriever, "how has kent done on the troubled families programme?")
    assert not programme.supported  # a national programme no report names: early help is no word of it
    arriving = answer_question(
        retriever,
        "do the lone child refugees who land on the kent coast all stay in kent or get sent elsewhere in england?",
    )
    assert arriving.supported and "main point of arrival" in arriving.text
    said = expansions("do the lone child refugees who land on the kent coast … or get sent elsewhere in england?")
    assert {"arrival", "national transfer scheme"} <= set(said)  # on all 401: "… do not mention land or coast …"
    forms = {
        q[start:end]: group for q in ("not enough staff", "family friends") for start, end, group in other_forms(q)
    }
    assert "capacity" in forms["not enough staff"] and "private fostering" in forms["family friends"]  # plural
    assert not other_forms("unregistered children's homes")  # the reports' own term, not their "children's home"
    assert "fee structure" in [form for *_, group in other_forms("what carers get paid") for form in group]
    rutland = "An estimated 7,716 children and young people under the age of 18 years live in Rutland."
    assert _states("how many kids actually live in? under 18s i mean", rutland, rutland)  # "18s" is said: "18"
    handover = "Cases typically transition from their social worker to their PA between the ages of 17 and 18."
    assert not _states("what's the average caseload for a social worker, like an actual number?", handover, handover)
    assert not _lasts("Leaders have appointed a mental health nurse one day a week to support personal advisers.")
    assert asked_fact("when did ofsted last inspect leicester city's children's services?") == ("dates", "overall")
    assert find_councils("is reading using the no wrong door model for teenagers?") == ["Reading"]  # had: Dorset's
    assert not find_councils("does reading help children in care?")  # reading as learning still
    after = year_filters("who got swapped out at the top in liverpool after the 2023 ofsted?", Filters())
    assert after.since == "2024"  # the reports after it (it had been the 2023 report's)
    improving = "sunderland got outstanding in 2021 didn't they — what was the one thing ofsted still wanted improving?"
    assert answer_type(improving) == "improve"  # the report's list (it had been the grade's headline)
    tool, unnamed = "what neglect assessment tool does oxfordshire use?", "Assessments are informed by a new tool."
    assert _missing(tool, tool, None, [unnamed], set(), [unnamed]) == "the nearest passages give no name for this"
    guessed = "which council actually runs rutland's out of hours social work cover? is it leicestershire?"
    assert _which_council(guessed) == {"Rutland"}  # the guess is no council asked of: one that names none is no answer


def test_figures_in_words_a_heading_before_a_grade_asked_a_partner_listed_and_names_however_typed(made_up_index):
    nineteen = "Nineteen per cent of this year’s care leavers have entered university."
    assert _states("what share of that year's care leavers got into uni?", nineteen, nineteen)  # a share in words
    asked = "how many unaccompanied asylum seeking kids is kingston looking after at the moment?"
    assert find_councils(asked) == ["Kingston upon Thames"]  # it had searched every council, and quoted Surrey's
    assert find_councils("stoke on trent kids services — when did the DfE stop overseeing them?") == ["Stoke-on-Trent"]
    assert find_councils("iow - refugee teens who arrive with no family") == ["Isle of Wight"]  # had been every council
    assert find_councils("how does reading deal with 16 and 17 year olds who turn up homeless?") == ["Reading"]
    assert not find_councils("how is reading handled in schools?")  # reading as learning still
    those = "do they say how many of those kids (kids who care for a mum or dad) they actually know about?"
    assert not _states(those, sixty := "Sixty care leavers are also young parents.", sixty)  # care leavers: others
    graded = "sunderland's 2021 inspection - what did they get overall? heard it was good news"
    assert asked_fact(graded) == ("grade", "overall")  # it had quoted a sentence on assessments
    assert asked_fact("kent care leavers 2023: how were they rated?") == ("grade", "care_leavers")
    assert asked_fact("stoke-on-trent 2019 - what did they get overall?") == ("grade", "overall")
    assert asked_fact("kent's camhs - how are they doing?") is None  # a heading with a topic: of CAMHS
    assert _asks_figure(when := "when exactly did the doncaster children's trust shut? need the date", when)
    assert _role("who actually runs brighter futures for children in reading? whats the director's name") == "director"
    schemes, plain = "what schemes has islington got to teach teens coming out of care how to cope alone?", "It helps."
    assert _missing(schemes, schemes, None, [plain], set(), [plain]) == "the nearest passages give no name for this"
    often, group = "how often does bedford's change makers group meet?", "Children are involved with the group."
    assert _missing(often, often, None, [group], set(), [group]) == "the nearest passages do not say how often"
    hours = "Personal advisers work at evenings and weekends so that they are available at times when needed."
    assert _missing(often, often, None, [hours], set(), [hours]) == "the nearest passages do not say how often"
    weekly = "The care leavers forum meets weekly at the new hub development."
    assert _missing(often, often, None, [weekly], set(), [weekly]) is None
    swift, weeks = "how long is the wait to get into SWIFT in east sussex?", "Some assessments are taking many weeks."
    assert not _states(swift, weeks, weeks)  # a wait, but not for SWIFT (it had been the answer)
    assert _states(swift, weeks, f"SWIFT works with families. {weeks}")
    web, site = "what's the web address for wakefield's care4us site?", "The offer is on the ‘Care4us’ website."
    assert _missing(web, web, None, [site], set(), [site]) == "the nearest passages give no web address"
    judged = year_filters("Why were Knowsley's care leaver services judged as they were in 2017?", Filters())
    assert judged.years == (2017,) and not judged.since  # the 2017 report (it had been those after it: "not found")
    target = "darlington missed its target for foster placements - what was the target and how far short were they?"
    assert _asks_figure(target, target)
    hub = "what's the name of the hub where police, health and social workers sit together to deal with referrals?"
    assert not _bodies(hub) and [b.group() for b in _bodies("how do care leavers in prison get on?")] == ["prison"]
    why = "north somerset 2020 — why were care leavers who work or study missing out on the drop-in?"
    item = "Access to the drop-in for care leavers who are working or who are in full-time education."
    reason = "However, those in work miss out on this high-quality service because of its limited opening times."
    chosen = _with_sought(_sought(why), [(0, item)], [(0.9, 0, item), (0.63, 1, reason)])
    assert chosen == [(0, item), (1, reason)]  # the reason too (it had been the list's item alone)
    told = "thurrock staying close - do kids leaving children's homes get it?"
    assert asking_clauses(told) == told  # "it" is what the heading told: "Thurrock's reports do not mention …"
    forms = {
        q[start:end]: set(group)
        for q in (
            "any kind of therapy on the web?",
            "in a crisis at 9pm on a saturday",
            "some big hangout spot for teenagers",
            "help paying for childminding",
            "places trialling the new way of working",
            "where police and health sit together",
            "older folk who befriend care leavers",
            "when did the dfe stop overseeing them",
            "how fast do they get a lawyer",
            "finding us somewhere to live",
            "a group to have their say",
            "our flat is too small to foster",
        )
        for start, end, group in other_forms(q)
    }
    assert "online" in forms["on the web"]
    assert "evenings and weekends" in forms["saturday"] and "youth zone" in forms["hangout"]
    assert "nursery provision" in forms["childminding"] and "pathfinder" in forms["trialling"]
    assert "co-located" in forms["sit together"] and "mentors" in forms["befriend"]
    assert "department for education" in forms["dfe"] and "solicitors" in forms["lawyer"]
    assert "participation" in forms["have their say"] and "rehouse" in forms["flat is too small"]
    assert read_alone("does ofsted say anything about finding us somewhere to live?").topic == "somewhere to live"
    assert not other_forms("what they fill in to work out what's wrong")  # working it out: no gym
    assert "gym" in [form for *_, group in other_forms("if I want to work out somewhere") for form in group]
    retriever = made_up_index(
        (
            "Kent",
            "1. Care leavers who are parents are supported by a specialist worker in the Barnardo’s team. Most care "
            "leavers live in suitable homes.\n\n2. An independent advocacy service provided by Barnardo’s is valued by "
            "children in care.",
            "kent_2024",
            "2024-05-01",
        ),
        (
            "Medway",
            "1. Children in care in Medway have access to independent advocacy. Most care leavers live in suitable "
            "homes.",
            "medway_2024",
            "2024-05-01",
        ),
    )
    charity = answer_question(retriever, "does barnardo's run anything for kids in care in medway?")
    assert not charity.supported and "barnardo" in charity.reason.lower()  # the charity no report of Medway names
