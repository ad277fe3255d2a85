"""What the interviewer says, and the participant's stock replies, in a semi-structured evaluation interview.

Each line is (roles it suits, template); roles are codes as in the passages (S staff, L lived experience, C carer,
V voluntary sector). Templates use the same `[a|b]` and `{slot}` syntax.
"""

_ALL = "SLCV"

GREETINGS = (
    (_ALL, "Hi {first}, thanks so much for making time today. I'm {interviewer_first}, from the evaluation team. "
           "Before we start, are you still happy for me to record this?"),
    (_ALL, "Thanks for joining, {first}. Just to check before we begin, you've seen the information sheet and you're "
           "OK with me recording?"),
    (_ALL, "Hello, can you hear me OK? Great. So as I said in the email, this should take about forty-five minutes, "
           "and nothing you say will be attributed to you by name. Is it alright if I start the recording?"),
    (_ALL, "Lovely to meet you properly, {first}. I'm {interviewer_full}, one of the evaluators working with NHS "
           "England on the co-production projects. Are you happy to go ahead, and for me to record?"),
    (_ALL, "Right, I think we're recording now. Thank you for agreeing to talk to me. Can I just check you're still "
           "happy to take part?"),
)

CONSENT_REPLIES = (
    "Yes, that's fine.", "Yeah, of course, go ahead.", "Yes, no problem at all.", "That's fine, yes. I read the sheet.",
    "Yes, yes, go for it.", "Absolutely, that's fine.",
)

SELF_INTRODUCTIONS = (
    ("L", "I'm {participant}, and I've been on the group more or less since the start."),
    ("L", "So my name's {participant}, and I got involved as someone with lived experience."),
    ("L", "Just so you've got it for the tape, I'm {participant}."),
    ("C", "My name's {participant}, and I'm a carer for {cared}."),
    ("C", "I'm {participant}. I'm on the group as a carer, really."),
    ("S", "I'm {participant}, I'm the {staff_role} on the project."),
    ("S", "So I'm {participant}, {staff_role}, and I've been involved since the bid went in."),
    ("V", "I'm {participant}, and I work for {my_org}."),
    ("V", "{participant}, from {my_org}. I'm the one who's been going along to the steering group."),
)

ACKNOWLEDGEMENTS = ("Thanks, {first}.", "Lovely, thank you.", "Great, thanks.", "Brilliant.", "OK, thank you.")

BACKCHANNELS = ("Mm-hm.", "Right.", "Yeah.", "OK.", "Mm.", "Sure.", "Go on.")

QUESTIONS = {
    "background": (
        (_ALL, "Could you start by telling me a bit about yourself and how you got involved in the project?"),
        (_ALL, "How did you first come to be involved?"),
        (_ALL, "To start us off, what's your role, and how did you get involved?"),
        (_ALL, "Let's start at the beginning. How did you hear about the project?"),
        ("LC", "Can you tell me a little about yourself, and what brought you to the group?"),
    ),
    "project": (
        (_ALL, "And in your own words, what is the project trying to do?"),
        (_ALL, "How would you describe the project to someone who'd never heard of it?"),
        (_ALL, "What does the project look like day to day, what actually happens?"),
        (_ALL, "Can you describe how the group works, how often you meet and so on?"),
    ),
    "facilitator": (
        (_ALL, "What do you think has helped the co-production work well?"),
        (_ALL, "Thinking about what's gone well, what's made the biggest difference to how you've worked together?"),
        (_ALL, "What's helped people with lived experience and staff work together on this?"),
        (_ALL, "If you think about the things that supported the process, what comes to mind?"),
        ("SV", "What's been in place that has made it easier to co-produce?"),
        ("LC", "What made it possible for you to take part?"),
    ),
    "value": (
        (_ALL, "What difference do you think co-producing it has made?"),
        (_ALL, "What has working this way added, compared to how things are usually done?"),
        ("LC", "Has being involved made a difference to you personally?"),
        ("SV", "What do you think the project has got out of involving people with lived experience?"),
        (_ALL, "What's been the value of it, for you or for the project?"),
    ),
    "challenge": (
        (_ALL, "What's got in the way, or been harder than expected?"),
        (_ALL, "Have there been any challenges along the way?"),
        (_ALL, "What's been difficult about working in this way?"),
        (_ALL, "If you're honest, what hasn't worked so well?"),
        ("LC", "Was there anything that made it hard for you to take part?"),
    ),
    "advice": (
        (_ALL, "If another system was about to start a project like this, what would you tell them?"),
        (_ALL, "What advice would you give to someone starting out with co-production?"),
        (_ALL, "Looking back, what would you do differently?"),
        (_ALL, "What's the one thing you'd want other areas to learn from this?"),
    ),
}

PROBES = (
    (_ALL, "Can you say a bit more about that?"),
    (_ALL, "What did that look like in practice?"),
    (_ALL, "Could you give me an example?"),
    ("LC", "How did that feel?"),
    (_ALL, "Why do you think that was?"),
    ("LCV", "And how did the team respond to that?"),
    (_ALL, "Is there anything else on that?"),
    (_ALL, "That's really interesting. What happened next?"),
    ("SV", "And how did that land with colleagues?"),
    (_ALL, "You mentioned that earlier. Could you expand on it a little?"),
)

CLOSING_QUESTIONS = (
    "We're nearly out of time. Is there anything else you'd like to add that we haven't covered?",
    "That's everything I wanted to ask. Is there anything you'd like to add?",
    "Before we finish, is there anything we haven't talked about that you think is important?",
)

NOTHING_TO_ADD = (
    "No, I think that's everything.", "I think I've said it all, really.", "Not that I can think of, no.",
    "No, I think we've covered it.", "Um, no, I don't think so.",
)

THANKS = (
    "Thank you so much, {first}, that's been really helpful. I'll stop the recording there.",
    "Brilliant, thank you. I'll stop recording now.",
    "That's really useful, thank you for your time. I'll stop the recording.",
    "Thanks ever so much. I'll stop it there.",
)

GOODBYES = (
    "Thanks, bye.", "No problem, take care.", "Thank you, it's been nice talking to you.", "Cheers, bye now.",
    "You're welcome. Bye.", "Thanks, you too. Bye.",
)
