"""Free-text answers for the synthetic survey: a bank of short comments in the voice of each role.

A comment is one opening sentence for the respondent's role (or one anyone might write), sometimes followed by a
second or third sentence. `{place}` and `{topic}` are filled from the site so comments read as local. A small share
of comments carry personal data (a name, phone number, email or postcode), as real free text does; each planted
string is reported so the redaction step can be checked against it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

WHAT_HELPED = "what_helped"
WHAT_MADE_IT_HARDER = "what_made_it_harder"
DIFFERENCE_MADE = "difference_made"

# Roles that speak from their own experience of services use the lived-experience voice when they have none of
# their own; staff and voluntary-sector partners always have their own.
_VOICE = {
    "staff": "staff",
    "lived_experience": "lived_experience",
    "carer": "carer",
    "voluntary_sector": "voluntary_sector",
    "other": "lived_experience",
    "not_stated": "lived_experience",
}

_OPENINGS: dict[str, dict[str, tuple[str, ...]]] = {
    WHAT_HELPED: {
        "lived_experience": (
            "Being paid for my time made a real difference. It showed they valued what I brought.",
            "The facilitator always checked I was okay before and after the sessions.",
            "Having a buddy from the charity who came to the first meetings with me.",
            "They sent the papers a week before so I could read them at my own pace.",
            "Meeting in the community centre in {place} rather than at the hospital. It felt less like their "
            "territory.",
            "I was asked what time of day suited me, which nobody had ever done before.",
            "Knowing I could say no to anything I wasn't comfortable with.",
            "The ground rules we agreed at the start meant everyone got a turn to speak.",
            "Taxi fares and a £20 voucher for each session, so it didn't cost me anything to come.",
            "Having other people with similar experiences in the room. I didn't feel like the token patient.",
            "The training session on what co-production actually means. I understood my role after that.",
            "Staff took their lanyards off and we all used first names. Small thing, but it helped.",
            "Being able to join online on the days I wasn't well enough to travel.",
            "When I said the letters were confusing, they rewrote them with us there and then.",
            "Someone explained the jargon without making me feel stupid.",
        ),
        "carer": (
            "They offered to cover the cost of a sitter so I could come to the evening sessions.",
            "Sessions were planned around school hours, which meant I could actually get there.",
            "Being recognised as a carer in my own right, not just someone's plus one.",
            "I could bring the person I care for along, and there was a quiet room if we needed it.",
            "The group let me dip in and out when things were difficult at home.",
            "Short online meetings rather than half-day workshops.",
            "The carers' centre in {place} told me about it and came to the first meeting with me.",
        ),
        "staff": (
            "Protected time in my job plan to attend the working group.",
            "Support from the programme team, and a small budget we could spend on involvement payments.",
            "Our VCSE partners did the recruiting; we would never have reached those people on our own.",
            "A co-production lead who kept reminding us to check with people before we decided anything.",
            "Training for staff on sharing power. It changed how I run meetings.",
            "Senior sponsorship meant we had permission to try things differently.",
            "Spending the first two months building relationships before we talked about solutions.",
            "Having a clear payment policy, so lived experience partners were paid promptly.",
            "Co-chairing the steering group with a lived experience partner.",
            "Taking the sessions out to {place} instead of expecting people to come to us.",
            "A shared plan on a page that everyone agreed, so we could check we were on track.",
            "Honest conversations early on about what could and couldn't change.",
        ),
        "voluntary_sector": (
            "We already had trusted relationships in {place}, so people were willing to give it a go.",
            "The NHS team asked us in at the start rather than at the end to \u2018consult\u2019.",
            "Funding for our time. Small charities can't do this for free.",
            "Interpreters at every session meant more of our members could take part.",
            "Being treated as a partner rather than a recruitment service.",
            "Meeting people where they already are: the food bank, the mosque, the café.",
        ),
        "any": (
            "Good facilitation. Everyone was heard, not just the loudest voices.",
            "Clear information about what the project was trying to do and how our input would be used.",
            "A friendly, relaxed atmosphere. Tea, biscuits and nobody in a rush.",
            "Regular updates by email between meetings, so I never felt out of the loop.",
            "Small groups rather than one big meeting.",
            "Being thanked properly, and told what happened to our ideas.",
            "Plain English papers with no acronyms.",
            "The mix of people. Hearing the staff side helped me understand the pressures they're under.",
            "Everyone agreed early on why the work on {topic} mattered.",
        ),
    },
    WHAT_MADE_IT_HARDER: {
        "lived_experience": (
            "Meetings were in working hours and I couldn't always get time off.",
            "Too many acronyms. I spent the first few meetings not knowing what people were on about.",
            "Sometimes it felt like the decisions had already been made and we were just being told.",
            "Getting to the hospital from {place} by bus takes over an hour each way.",
            "My health. Some weeks I just couldn't manage it, and I felt I was letting people down.",
            "Waiting months to be paid for my time.",
            "The online meetings. My internet isn't great and I kept dropping out.",
            "Papers arrived the night before, so there was no time to read them properly.",
            "Being the only person with lived experience in the room at times.",
            "A few staff talked over us. It got better, but it knocked my confidence early on.",
            "I didn't know what happened to our suggestions after each meeting.",
            "Worrying that being paid would affect my benefits. Nobody could give me a straight answer.",
            "Parking at the hospital cost me £6 a time and it wasn't refunded.",
            "Talking about my own experience was harder than I expected.",
        ),
        "carer": (
            "Finding someone to sit with my mum so I could get to meetings.",
            "Evening meetings are impossible when you're doing the bedtime routine.",
            "Last-minute changes to dates. Carers can't just rearrange things.",
            "At times it felt like the patient's view counted and the carer's didn't.",
            "Being exhausted. Caring doesn't leave much energy for anything else.",
            "Forms and paperwork to register as a volunteer before I could be paid.",
        ),
        "staff": (
            "Finding time alongside clinical work. The project always came second to the rota.",
            "Procurement and finance rules made paying people far harder than it should be.",
            "Some colleagues saw co-production as a tick-box exercise.",
            "Staff turnover. We lost two key people halfway through.",
            "Information governance took weeks to agree before we could share anything.",
            "We struggled to recruit beyond the usual faces, especially younger people and men.",
            "Managing expectations. People wanted changes we had no budget to make.",
            "Letting go of control. I'm used to running the meeting and deciding the agenda.",
            "Pressure to deliver to the programme timescale didn't leave room to do it properly.",
            "Winter pressures meant several meetings were cancelled at short notice.",
            "Not having a budget line for interpreters.",
            "The scope of the work on {topic} kept changing.",
        ),
        "voluntary_sector": (
            "We were asked to recruit people with no funding to do it.",
            "Short deadlines. Our volunteers need notice to get involved.",
            "NHS jargon and processes that shut people out without meaning to.",
            "Being brought in late, after the scope had been fixed.",
            "Feedback to the community was slow, which damaged trust we'd spent years building in {place}.",
        ),
        "any": (
            "Not enough time. Everything felt rushed towards the end.",
            "Covid restrictions at the start meant we didn't meet in person for months.",
            "Some people dominated the discussions.",
            "It wasn't always clear who was making the final decision.",
            "The venue wasn't accessible: no lift and poor signage.",
            "Long gaps between meetings, so we lost momentum.",
            "Nothing really. It was well organised.",
            "Changes of project lead meant we had to start again with relationships.",
        ),
    },
    DIFFERENCE_MADE: {
        "lived_experience": (
            "I feel more confident speaking up, and not just in these meetings.",
            "For the first time I felt like an equal, not a patient.",
            "The new leaflet uses our words. I can see my part in it.",
            "I've made friends through the group and feel less alone with my condition.",
            "It's given me a reason to get out of the house and something to be proud of.",
            "The service now asks people what matters to them before anything else.",
            "I've gone on to join the patient panel at the trust.",
            "Knowing my experience could stop someone else going through the same thing.",
            "Staff actually changed how they talk to people, and that came from us.",
            "I now help run the support group in {place}.",
        ),
        "carer": (
            "Carers are now asked about their own needs, not just the patient's.",
            "I understand the system better and can fight my corner.",
            "The discharge information now includes a contact for carers.",
            "I feel listened to as a carer for the first time in years.",
            "My husband gets a phone call after appointments now, which is something we asked for.",
        ),
        "staff": (
            "We focused on the problems that mattered to people, not the ones we assumed.",
            "It has changed how our team runs meetings. We ask who's missing now.",
            "Better relationships with community groups in {place} that will outlast the project.",
            "Our decisions are better informed, and easier to defend to the board.",
            "It has made the case for co-production with senior leaders.",
            "Uptake has gone up since we rewrote the invitation letters with patients.",
            "I've learned more from this group than from years of complaints data.",
            "Other teams are asking how to do it, so the learning is spreading.",
            "We spotted problems with access we would have missed completely.",
        ),
        "voluntary_sector": (
            "Our members feel the NHS is finally listening.",
            "Stronger links between our charity and the NHS team in {place}.",
            "Communities who are usually left out had a say in the design.",
        ),
        "any": (
            "The work on {topic} is better because real people shaped it.",
            "It has brought services together that didn't talk to each other before.",
            "More thought about who is included, and who isn't.",
            "A sense that we're all responsible for making sure the findings are acted on.",
            "The project feels like it belongs to all of us.",
            "Better ideas. What we came up with together beat what any one group would have done.",
        ),
    },
}

# Doubtful answers to "what difference has it made", more common where a project is barely co-produced.
_SCEPTICAL_DIFFERENCE = (
    "Too early to say. We're still waiting to see what changes.",
    "Not much yet, if I'm honest. It still feels like the big decisions are made elsewhere.",
    "Some difference to the paperwork, but I can't see a change in the service.",
    "I'm not sure. We gave our views but never heard back.",
    "It's made a difference to me personally, but I don't know about the service.",
    "Hard to tell. The project was paused for a while.",
    "It felt more like consultation than co-production.",
    "Very little so far. I hope the follow-up survey proves me wrong.",
    "None that I can see.",
    "Staff seem more aware, but the waiting times haven't changed.",
)

_FOLLOW_ONS: dict[str, tuple[str, ...]] = {
    WHAT_HELPED: (
        "I'd recommend it to others.",
        "It made me want to stay involved.",
        "More of this please.",
        "That should be standard practice.",
        "Without that I don't think I'd have stayed.",
        "It took time to get right but it was worth it.",
        "Not everyone got the same support though.",
        "It set the tone for the whole project.",
        "We should have had it from the very first meeting.",
        "I'd like to see it carried on after the project ends.",
    ),
    WHAT_MADE_IT_HARDER: (
        "It's improved recently though.",
        "I raised it and it was partly sorted.",
        "I think others felt the same.",
        "It's not anyone's fault, but it needs fixing for next time.",
        "That put some people off coming back.",
        "Hopefully the next phase will learn from this.",
        "The organisers did their best.",
        "It's why our group is smaller than it should be.",
        "I'd still take part again.",
        "It needs sorting at system level, not just in this project.",
    ),
    DIFFERENCE_MADE: (
        "It's a start.",
        "I hope it carries on.",
        "Something to build on.",
        "I'd like to see it spread to other services.",
        "We need to keep it going when the funding ends.",
        "Early days, but promising.",
        "It's the first time I've seen the NHS do this properly.",
        "Time will tell.",
    ),
}
_SCEPTICAL_FOLLOW_ONS = (
    "I hope that changes.",
    "We'll see by the next survey.",
    "I'd still take part again, though.",
    "Maybe it just needs longer.",
    "I've said the same at meetings.",
)
# Openings that say all there is to say: a follow-on sentence would contradict them.
_COMPLETE = {"Nothing really. It was well organised.", "None that I can see."}

# Personal data as it turns up in real free text. Phone numbers are from Ofcom's range reserved for drama
# (07700 900000-900999) and emails use example.org, so nothing here can reach a real person.
_NAMES = ("Julie", "Priya Shah", "Dave", "Marcus Reid", "Aisha", "Bernadette", "Tom Kowalski", "Sunita",
          "Gareth Evans", "Niamh")
_EMAIL_PEOPLE = (("j", "morgan"), ("sam", "ahmed"), ("k", "oconnor"), ("lin", "zhao"), ("r", "baptiste"),
                 ("amy", "thornton"))
_POSTCODE_AREAS = ("LS", "BS", "NE", "B", "M", "SO", "NR", "PR", "TR", "CB")
_POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_PII_SENTENCES = {
    "name": ("Special thanks to {text} on the steering group.",
             "{text} from the group was brilliant at keeping us going.",
             "Please pass my thanks to {text}, who made me feel so welcome."),
    "phone": ("Happy to talk more, my number is {text}.",
              "Ring me on {text} if you want to know more."),
    "email": ("I'm happy to be contacted at {text}.",
              "You can email me on {text} about the next phase."),
    "postcode": ("The venue ({text}) was nowhere near a bus route.",
                 "I live at {text} and there's no direct transport to the hospital."),
}

PII_SHARE = 0.02


@dataclass(frozen=True)
class PlantedPii:
    kind: str  # name | phone | email | postcode
    text: str


def question_ids() -> tuple[str, ...]:
    return tuple(_OPENINGS)


def distinct_openings(question_id: str) -> set[str]:
    """Every opening sentence the bank holds for one question (templates unfilled)."""
    openings = {text for pool in _OPENINGS[question_id].values() for text in pool}
    if question_id == DIFFERENCE_MADE:
        openings.update(_SCEPTICAL_DIFFERENCE)
    return openings


def project_topic(project_title: str) -> str:
    """The project title as it reads mid-sentence ("the work on improving ..."); acronyms keep their capitals."""
    first_word = project_title.split()[0] if project_title.split() else ""
    if len(first_word) > 1 and first_word.isupper():
        return project_title
    return project_title[:1].lower() + project_title[1:]


class CommentWriter:
    """Composes one site's free-text answers, recording any personal data it plants."""

    def __init__(self, rng: random.Random, places: tuple[str, ...], project_title: str, coproduction_level: float):
        self._rng = rng
        self._places = places or ("the town centre",)
        self._topic = project_topic(project_title)
        self._sceptic_share = min(0.8, max(0.1, 1.0 - coproduction_level))
        self.planted: list[PlantedPii] = []

    def comment(self, question_id: str, role: str, positive: bool) -> str:
        """One answer to a free-text question, in the voice of `role`; `positive` if the respondent rates the
        project well (it colours what they say about the difference it made)."""
        opening = self._opening(question_id, role, positive)
        sceptical = opening in _SCEPTICAL_DIFFERENCE
        follow_ons = _SCEPTICAL_FOLLOW_ONS if sceptical else _FOLLOW_ONS[question_id]
        sentences = [opening]
        if opening not in _COMPLETE and self._rng.random() < 0.4:
            sentences += self._rng.sample(follow_ons, 2 if self._rng.random() < 0.15 else 1)
        text = " ".join(sentences)
        text = text.format(place=self._rng.choice(self._places), topic=self._topic)
        if self._rng.random() < PII_SHARE:
            text += " " + self._pii_sentence()
        return text

    def _opening(self, question_id: str, role: str, positive: bool) -> str:
        if question_id == DIFFERENCE_MADE and not positive and self._rng.random() < self._sceptic_share:
            return self._rng.choice(_SCEPTICAL_DIFFERENCE)
        pools = _OPENINGS[question_id]
        own = pools[_VOICE.get(role, "lived_experience")]
        # Mostly the role's own voice; now and then something anyone might say.
        pool = own if self._rng.random() < 0.7 else pools["any"]
        return self._rng.choice(pool)

    def _pii_sentence(self) -> str:
        kind = self._rng.choice(sorted(_PII_SENTENCES))
        text = getattr(self, f"_{kind}")()
        self.planted.append(PlantedPii(kind, text))
        return self._rng.choice(_PII_SENTENCES[kind]).format(text=text)

    def _name(self) -> str:
        return self._rng.choice(_NAMES)

    def _phone(self) -> str:
        return f"07700 900{self._rng.randrange(1000):03d}"

    def _email(self) -> str:
        first, last = self._rng.choice(_EMAIL_PEOPLE)
        return f"{first}.{last}@example.org"

    def _postcode(self) -> str:
        rng = self._rng
        unit = "".join(rng.choice(_POSTCODE_UNIT_LETTERS) for _ in range(2))
        return f"{rng.choice(_POSTCODE_AREAS)}{rng.randint(1, 20)} {rng.randint(1, 9)}{unit}"
