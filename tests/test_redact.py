import pandas as pd
import pytest

from evaluation.text.redact import Redaction, Redactor, nhs_number_is_valid, redact_column

REDACTOR = Redactor(places=["Port Elvery", "Ashcombe", "Fenby St Clare"])


def redacted(text: str, names=()) -> str:
    return REDACTOR.redact(text, names=names)[0]


def kinds(text: str, names=()) -> list[str]:
    return [r.kind for r in REDACTOR.redact(text, names=names)[1]]


# --- NHS numbers ----------------------------------------------------------------------------------------------

def test_nhs_number_check_digit_follows_modulus_11():
    # 943 476 5919, the NHS's own documented example: weights 10..2 over the first nine digits give
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9, the last digit.
    assert nhs_number_is_valid("943 476 5919")
    assert nhs_number_is_valid("943-476-5919")
    assert not nhs_number_is_valid("943 476 5918")
    assert not nhs_number_is_valid("94347659")


def test_a_check_digit_of_ten_means_no_valid_number():
    # 100 000 001x: 1*10 + 1*2 = 12; 12 mod 11 = 1; 11 - 1 = 10, which no single digit can be.
    assert not any(nhs_number_is_valid(f"100000001{digit}") for digit in "0123456789")


def test_nhs_number_with_valid_check_digit_is_redacted():
    # 401 023 2137: 4*10 + 0*9 + 1*8 + 0*7 + 2*6 + 3*5 + 2*4 + 1*3 + 3*2 = 92; 92 mod 11 = 4; 11 - 4 = 7.
    assert redacted("My NHS number is 943 476 5919.") == "My NHS number is [NHS number]."
    assert redacted("It's 9434765919 on the letter") == "It's [NHS number] on the letter"
    assert redacted("Ref 401-023-2137 please") == "Ref [NHS number] please"


def test_ten_digits_failing_modulus_11_are_not_an_nhs_number():
    assert redacted("The reference was 943 476 5918.") == "The reference was 943 476 5918."
    assert kinds("9434765918") == []


def test_ten_digits_that_are_a_valid_nhs_number_and_a_phone_shape_are_an_nhs_number():
    # 0161496008: 0*10 + 1*9 + 6*8 + 1*7 + 4*6 + 9*5 + 6*4 + 0*3 + 0*2 = 157; 157 mod 11 = 3; 11 - 3 = 8.
    assert redacted("Call 0161496008 now") == "Call [NHS number] now"
    assert redacted("Call 0161496009 now") == "Call [phone number] now"


# --- Phones, e-mails, postcodes -------------------------------------------------------------------------------

@pytest.mark.parametrize("phone", [
    "07700 900123", "07700900123", "07700 900 123", "+44 7700 900123", "+447700900123", "0044 7700 900123",
    "+44 (0)7700 900123", "0161 496 0000", "(0161) 496 0000", "020 7946 0000", "020-7946-0000", "(01632) 960001",
    "0800 123 4567",
])
def test_uk_phone_numbers_are_redacted_in_any_common_format(phone):
    assert redacted(f"Ring me on {phone} after six.") == "Ring me on [phone number] after six."


def test_short_digit_runs_and_dates_are_not_phone_numbers():
    assert redacted("We met 12 times, on 01/02/2023, in room 0123.") == "We met 12 times, on 01/02/2023, in room 0123."


def test_email_addresses_are_redacted_before_the_names_inside_them():
    text = "Write to Priya.Shah@nhs.net or o'brien+group@example.org."
    assert redacted(text) == "Write to [email] or [email]."
    assert kinds(text) == ["email", "email"]


@pytest.mark.parametrize("postcode", ["SW1A 1AA", "LS6 2AB", "ls6 2ab", "LS62AB", "M1 1AE", "EC1A 1BB", "W1A 0AX",
                                      "B12 9DL", "GIR 0AA"])
def test_uk_postcodes_are_redacted_with_or_without_the_space(postcode):
    assert redacted(f"We live at {postcode}, near the park.") == "We live at [postcode], near the park."


def test_a_floor_number_is_not_a_postcode():
    assert redacted("The clinic is in block b2 3rd floor.") == "The clinic is in block b2 3rd floor."


# --- Dates of birth -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("I was born on 3 March 1961.", "I was born on [date of birth]."),
    ("DOB 03/03/1961", "DOB [date of birth]"),
    ("D.O.B.: 3/3/61", "D.O.B.: [date of birth]"),
    ("Date of birth: 14th of July 1958", "Date of birth: [date of birth]"),
    ("My date of birth's 12 May 1955, so", "My date of birth's [date of birth], so"),
    ("She was born in March 1970.", "She was born in [date of birth]."),
])
def test_a_date_after_a_birth_cue_is_a_date_of_birth(text, expected):
    assert redacted(text) == expected


def test_an_ordinary_date_is_left_alone():
    assert redacted("The group first met on 3 March 2023.") == "The group first met on 3 March 2023."
    assert redacted("I was born in 1961.") == "I was born in 1961."


# --- Names ----------------------------------------------------------------------------------------------------

def test_speaker_names_are_redacted_in_full_and_by_each_capitalised_part():
    names = ["Priya Shah", "Eleanor Marsh (Evaluation Team)"]
    text = "Priya Shah said Shah is her married name; Eleanor agreed. The evaluation team took notes."
    assert redacted(text, names) == (
        "[name] said [name] is her married name; [name] agreed. The evaluation team took notes.")


def test_speaker_names_apply_only_to_the_call_that_passes_them():
    # A surname that is also an everyday word, so nothing but the speaker list makes it a name.
    assert redacted("Tell Baker.", names=["Sam Baker"]) == "Tell [name]."
    assert redacted("Tell Baker.") == "Tell Baker."


def test_names_given_to_the_redactor_apply_to_every_text():
    redactor = Redactor(names=["Zebedee Quist"])
    assert redactor.redact("Quist came.")[0] == "[name] came."


def test_role_words_in_speaker_labels_are_not_names():
    assert redacted("The interviewer asked about it.", names=["Interviewer"]) == "The interviewer asked about it."
    assert redacted("Interviewer, thank you.", names=["Interviewer"]) == "Interviewer, thank you."


def test_a_titled_name_is_replaced_title_and_all():
    assert redacted("Dr Okafor and Mrs. Patel were lovely.") == "[name] and [name] were lovely."
    assert redacted("Ask Sister Jones or Prof A. Mensah.") == "Ask [name] or [name]."


def test_a_title_without_a_name_is_left_alone():
    assert redacted("The Dr said to wait.") == "The Dr said to wait."


def test_a_first_name_from_the_list_takes_its_surname_with_it():
    assert redacted("Nkechi Okafor and Piotr joined.") == "[name] and [name] joined."
    assert redacted("Thanks to Chloe Hughes-Price.") == "Thanks to [name]."
    assert redacted("We are working with Maria de la Cruz.") == "We are working with [name]."


def test_word_may_is_not_a_name_but_may_jones_is():
    assert redacted("May I ask a question?") == "May I ask a question?"
    assert redacted("May Jones came in May.") == "[name] came in May."


def test_will_at_the_start_of_a_question_is_not_a_name():
    assert redacted("Will it work? Will Priya come?") == "Will it work? Will [name] come?"


def test_an_everyday_word_name_needs_name_context():
    assert redacted("Hope so. I hope so. Grace is needed.") == "Hope so. I hope so. Grace is needed."
    assert redacted("I told my husband Will.") == "I told my husband [name]."
    assert redacted("I'm Grace, and I spoke to Frank.") == "I'm [name], and I spoke to [name]."
    assert redacted("Joy said yes.") == "[name] said yes."


def test_months_places_and_ratings_are_not_names_without_a_cue():
    text = "It was rated Amber in June, and we went to Jordan on Christmas Eve."
    assert redacted(text) == text
    assert redacted("My daughter Jordan is twelve.") == "My daughter [name] is twelve."


def test_a_person_cue_makes_any_capitalised_word_a_name():
    assert redacted("My name is Tendaiwe. My mum Zinhle helped.") == "My name is [name]. My mum [name] helped."


def test_nhs_organisation_and_role_words_are_not_names():
    text = "The Trust, the Cancer Alliance and the Health and Care Partnership asked the Consultant."
    assert redacted(text) == text


def test_first_names_inside_institution_names_are_not_people():
    text = "I was at St Mary's, then Alexandra Hospital, then Kingsley ward. Marie Curie nurses visited."
    assert redacted(text) == text


def test_sentence_initial_capitals_do_not_make_ordinary_words_names():
    text = "Then we met. Mark the date. Frank discussions helped. Don't worry."
    assert redacted(text) == text


def test_a_custom_first_name_list_replaces_the_shipped_one():
    redactor = Redactor(first_names=["Zebedee"])
    # "Bob" is in the shipped list; here it is only an everyday word, like "bob" in English.
    assert redactor.redact("Zebedee and Bob came.")[0] == "[name] and Bob came."
    assert REDACTOR.redact("Zebedee and Bob came.")[0] == "[name] and [name] came."


# --- Places ---------------------------------------------------------------------------------------------------

def test_place_names_from_the_registry_are_redacted_whole_word_and_multi_word():
    text = "I moved from Port Elvery to Ashcombe, then Fenby St Clare; Ashcombe Road is elsewhere."
    assert redacted(text) == "I moved from [place] to [place], then [place]; [place] Road is elsewhere."
    # A longer word is not the place; a word English does not know is still redacted, as a name.
    result, redactions = REDACTOR.redact("Ashcombeshire is elsewhere.")
    assert result == "[name] is elsewhere."
    assert [(r.original, r.kind) for r in redactions] == [("Ashcombeshire", "name")]


def test_place_names_are_case_sensitive():
    assert redacted("the port elvery road") == "the port elvery road"


# --- Conditions -----------------------------------------------------------------------------------------------

def test_condition_alone_is_kept_but_my_copd_is_redacted():
    assert redacted("My COPD is worse.") == "My [condition] is worse."
    assert redacted("COPD services and the diabetes pathway improved.") == (
        "COPD services and the diabetes pathway improved.")


@pytest.mark.parametrize("text, expected", [
    ("I have diabetes.", "I have [condition]."),
    ("He was diagnosed with breast cancer.", "He was diagnosed with [condition]."),
    ("I'm living with bipolar disorder.", "I'm living with [condition]."),
    ("After my stroke I moved.", "After my [condition] I moved."),
    ("My mum's dementia got worse.", "My mum's [condition] got worse."),
    ("She had a heart attack.", "She had a [condition]."),
    ("Priya's myeloma is back.", "[name]'s [condition] is back."),
])
def test_a_condition_tied_to_a_person_is_redacted(text, expected):
    assert redacted(text) == expected


def test_cancer_services_stay_and_populations_are_not_people():
    text = "Cancer services help people living with dementia and patients diagnosed with cancer."
    assert redacted(text) == text


def test_a_list_of_conditions_after_one_cue_is_redacted_in_full():
    assert redacted("I suffer from anxiety, depression and PTSD.") == (
        "I suffer from [condition], [condition] and [condition].")


def test_acronym_conditions_match_in_capitals_only():
    assert redacted("She's living with ME.") == "She's living with [condition]."
    assert redacted("She's living with me.") == "She's living with me."


def test_a_vaccine_or_test_is_not_a_diagnosis():
    assert redacted("My Covid jab was quick.") == "My Covid jab was quick."


# --- Overlaps and the log -------------------------------------------------------------------------------------

def test_overlapping_matches_resolve_to_one_label():
    # The NHS-number pattern also finds "943 476 5919" inside the international phone number; the longer wins.
    assert redacted("Call +44 943 476 5919.") == "Call [phone number]."
    assert kinds("Call +44 943 476 5919.") == ["phone"]


def test_positions_in_the_log_match_the_original_text():
    text = "Dr Okafor (07700 900123) saw me in Ashcombe about my asthma."
    result, redactions = REDACTOR.redact(text)
    assert result == "[name] ([phone number]) saw me in [place] about my [condition]."
    assert [r.kind for r in redactions] == ["name", "phone", "place", "condition"]
    for r in redactions:
        assert text[r.start:r.end] == r.original
    assert redactions[0] == Redaction(0, 9, "Dr Okafor", "[name]", "name")


def test_text_without_personal_data_comes_back_unchanged():
    text = "The group met monthly and everyone felt listened to."
    assert REDACTOR.redact(text) == (text, [])


def test_redact_column_redacts_each_row_and_logs_every_replacement():
    frame = pd.DataFrame(
        {"text": ["Priya rang 07700 900123.", None, "Nothing personal here.", "Shah agreed."],
         "speaker": ["Priya Shah", None, "Sam Lee", ["Priya Shah"]]},
        index=[10, 11, 12, 13],
    )
    result, log = redact_column(frame, "text", REDACTOR, names_column="speaker")
    assert result["text"].tolist()[0] == "[name] rang [phone number]."
    assert pd.isna(result.loc[11, "text"])
    assert result.loc[12, "text"] == "Nothing personal here."
    assert result.loc[13, "text"] == "[name] agreed."
    assert frame.loc[10, "text"] == "Priya rang 07700 900123."  # the input frame is untouched
    assert log[["row", "kind", "original", "label"]].values.tolist() == [
        [10, "name", "Priya", "[name]"],
        [10, "phone", "07700 900123", "[phone number]"],
        [13, "name", "Shah", "[name]"],
    ]


def test_redact_column_names_the_missing_column():
    with pytest.raises(KeyError, match="no column 'comment'"):
        redact_column(pd.DataFrame({"text": ["x"]}), "comment", REDACTOR)


def test_redact_column_log_has_its_columns_when_nothing_was_replaced():
    _, log = redact_column(pd.DataFrame({"text": ["fine"]}), "text", REDACTOR)
    assert log.empty and {"row", "kind", "original", "label"} <= set(log.columns)


def test_a_greeting_marks_an_everyday_word_name():
    text, _ = Redactor().redact("Hi Blessing, thanks so much for making time today.")
    assert text == "Hi [name], thanks so much for making time today."


@pytest.mark.parametrize("sentence, expected", [
    ("Since the lung cancer, I don't go out much.", "Since the [condition], I don't go out much."),
    ("Then it was autism, hospital, home.", "Then it was [condition], hospital, home."),
    ("Since the pandemic we have met online.", "Since the pandemic we have met online."),
])
def test_conditions_told_as_a_personal_story_are_redacted(sentence, expected):
    assert Redactor().redact(sentence)[0] == expected


# --- Names no list holds --------------------------------------------------------------------------------------
# Every name below is invented for these tests: none is in the shipped first-name list (checked first).

INVENTED = ["Thaddeus", "Quillfeather", "Oyelaran", "Shola", "Zorvanthe", "Brumwick", "Ekwueme", "Tsholofelo",
            "Vaisnoraite", "Kwabrenu", "Drisella", "Pennyquist", "Orlaith", "Nwakaego", "Bronisława", "Żabińska"]


def test_the_invented_names_are_in_no_shipped_list():
    from evaluation.text.redact import shipped_first_names
    assert not {name.casefold() for name in INVENTED} & {name.casefold() for name in shipped_first_names()}


@pytest.mark.parametrize("text, expected", [
    ("I'm Thaddeus Quillfeather.", "I'm [name]."),
    ("Hello, my name is Zorvanthe and I chair the panel.", "Hello, my name is [name] and I chair the panel."),
    ("Hi, this is Oyelaran speaking.", "Hi, this is [name] speaking."),
    ("Call me Drisella, everyone does.", "Call me [name], everyone does."),
    ("I am Orlaith Pennyquist and I work on the ward.", "I am [name] and I work on the ward."),
])
def test_people_introducing_themselves_are_redacted(text, expected):
    assert redacted(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Doctor Brumwick explained it.", "[name] explained it."),
    ("I saw Nurse Ekwueme on Tuesday.", "I saw [name] on Tuesday."),
    ("Councillor Kwabrenu came to the meeting.", "[name] came to the meeting."),
    ("Father Nwakaego lent us the hall.", "[name] lent us the hall."),
    ("Ask Matron Pennyquist.", "Ask [name]."),
    ("Then Midwife Shola came round.", "Then [name] came round."),
    ("Dr. Orlaith Vaisnoraite ran the clinic.", "[name] ran the clinic."),
])
def test_titles_written_out_take_the_name_with_them(text, expected):
    assert redacted(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("My midwife Shola was amazing.", "My midwife [name] was amazing."),
    ("I came with my husband Dev.", "I came with my husband [name]."),
    ("Our social worker Jan sorted it.", "Our social worker [name] sorted it."),
    ("The receptionist Kemi always remembers me.", "The receptionist [name] always remembers me."),
    ("I went with my key worker, Tsholofelo, to the session.", "I went with my key worker, [name], to the session."),
    ("My lovely husband Mark drove.", "My lovely husband [name] drove."),
])
def test_relations_and_roles_mark_the_next_capitalised_word_as_a_name(text, expected):
    # "Dev", "Jan" and "Mark" are everyday words; the relation or role says they are people here.
    assert redacted(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("I spoke to Quillfeather about it.", "I spoke to [name] about it."),
    ("It was Drisella who set up the WhatsApp group.", "It was [name] who set up the WhatsApp group."),
    ("There was me, Zorvanthe, Brumwick and Ekwueme.", "There was me, [name], [name] and [name]."),
    ("We met Bronisława Żabińska on Zoom.", "We met [name] on Zoom."),
])
def test_capitalised_words_english_does_not_use_are_names_mid_sentence(text, expected):
    assert redacted(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Oyelaran rang me back.", "[name] rang me back."),
    ("It was hard. Zorvanthe kept us going.", "It was hard. [name] kept us going."),
    ("Thaddeus Quillfeather ran the sessions.", "[name] ran the sessions."),
    ("Thaddeus told me it was fine.", "[name] told me it was fine."),
    ("Drisella, Ekwueme and Kwabrenu all came.", "[name], [name] and [name] all came."),
])
def test_names_at_a_sentence_start_are_redacted(text, expected):
    assert redacted(text) == expected


def test_a_name_found_once_is_redacted_wherever_it_stands_in_the_text():
    # "Thaddeus" alone at a sentence start is too common a word to call a name; the later mention decides.
    assert redacted("Thaddeus came late. I thanked Thaddeus.") == "[name] came late. I thanked [name]."


def test_an_everyday_word_named_once_is_not_redacted_everywhere():
    assert redacted("My husband Will came. Will it help?") == "My husband [name] came. Will it help?"


@pytest.mark.parametrize("text", [
    "Funding came through in March. Reimbursement was slow, but Healthwatch and Mencap helped.",
    "We met on Teams, then Zoom, and kept a WhatsApp group going through Covid.",
    "Macmillan, the ICB, the NHS and my GP all said the same.",
    "It was rated Amber by the CQC, and the Trust Board agreed on Monday.",
    "I'm Deaf and I'm Muslim, and my first language is Urdu, not English.",
    "We went to the Wellbeing Collective and the Disability Forum at Christmas and at Diwali.",
    "She has Crohn's and he has Parkinson's; the Alzheimer's Society came.",
    "The Co-Ordinator was helpful. First Responders arrived quickly.",
    "Coproduce is what we tried to do.",
])
def test_ordinary_capitalised_words_and_the_nhs_world_are_not_names(text):
    assert [r.original for r in REDACTOR.redact(text)[1] if r.kind == "name"] == []


def test_a_sentence_start_misspelling_is_not_a_name():
    text = "Absouloutly brilliant. Liasing with them was easy."
    assert redacted(text) == text


def test_a_rare_word_after_an_article_is_a_thing_not_a_person():
    assert redacted("They gave him the Dexamethasone straight away.") == (
        "They gave him the Dexamethasone straight away.")


def test_a_rare_place_name_is_redacted_even_if_the_registry_lacks_it():
    # Places identify people too; as [name] rather than [place] is the lesser harm than leaving it.
    assert redacted("I travel to Brantwickham for my appointments.") == "I travel to [name] for my appointments."


def test_a_group_named_after_a_place_keeps_its_ordinary_words():
    assert redacted("I work for Brantwickham Women's Network.") == "I work for [name] Women's Network."


def test_a_title_ending_a_sentence_does_not_take_the_next_sentence():
    assert redacted("We went to see the Bishop. Excellent service.") == "We went to see the Bishop. Excellent service."
