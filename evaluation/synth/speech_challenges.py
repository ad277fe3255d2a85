"""Passages about what got in the way of co-production: the five Picker challenges.

Roles: S staff, L lived experience, C carer, V voluntary sector. Some passages name a facilitator or value only to
deny it ("we never had any funding for payments"): `negates` records what a coder must not find there.
"""

from evaluation.synth.speech import P

_TIME = "resources_and_time"
_RECRUITMENT = "diverse_recruitment"
_EXPECTATIONS = "managing_expectations"
_UNDERSTANDING = "staff_understanding"
_CONTROL = "sharing_control"

PASSAGES = (
    # --- resource and time constraints, including lack of funding -----------------------------------------------------
    P("S", "Time was the big one. Everyone on the project team was doing it on top of the day job, and when winter "
           "pressures hit, the project just stopped for two months.", _TIME),
    P("S", "We never actually had any funding for payments, so we were asking people to give up their time for "
           "nothing. I think that put some people off.", _TIME, negates=("funding_and_payment",)),
    P("S", "Co-production takes longer, it just does. And our programme timescales didn't allow for that, so we were "
           "always rushing the bits that needed the most care.", _TIME),
    P("S", "The money was non-recurrent, so it ran out just as things were getting going. We're now trying to keep it "
           "going on goodwill, which isn't sustainable.", _TIME),
    P("S", "I had one day a week for this, on paper. In reality it was evenings and weekends, and my own caseload "
           "didn't get any smaller.", _TIME),
    P("L", "The meetings were always at times that suited the staff, in the day, which is hard when you work. I missed "
           "quite a few because I couldn't get the time off.", _TIME),
    P("L", "It takes a lot out of you, with my {condition}. Some weeks I just didn't have the energy, and the project "
           "didn't really have the slack to wait for me.", _TIME),
    P("C", "Finding the time is the hardest bit. I had to arrange cover for {cared_name} every time, and sometimes it "
           "fell through at the last minute and that was that.", _TIME),
    P("V", "We're a tiny charity. We had two staff and one of them spent half her week on this, and nobody was paying "
           "for that time.", _TIME),
    P("V", "The timescales were crazy. They wanted us to recruit twenty people in three weeks, in August.", _TIME),
    P("S", "Money wasn't really the issue for us, to be honest. It was time, and people's capacity, that we just "
           "didn't have.", _TIME, negates=("funding_and_payment",)),
    P("C", "There's only so many hours in the day. Between {cared_name}'s appointments and the meetings, some weeks I "
           "was running on empty.", _TIME),
    P("S", "The admin alone was huge. Booking rooms, processing expenses, chasing papers, and there was no project "
           "support officer, so it all landed on {colleague}.", _TIME),

    # --- recruiting a diverse group of people with lived experience ---------------------------------------------------
    P("S", "We struggled to get a group that looked like our population. It was mostly white, retired, well-educated "
           "people, and they're great, but they're not the whole story.", _RECRUITMENT),
    P("S", "The people we most needed to hear from, the ones who don't turn up to appointments, are by definition the "
           "hardest ones to get to a meeting.", _RECRUITMENT),
    P("S", "We tried adverts, social media, leaflets in GP surgeries, and we still got almost no men and nobody under "
           "forty.", _RECRUITMENT),
    P("S", "We didn't manage to recruit anyone from {community} in {place}, despite trying for months. That's a gap, "
           "and I think we have to be honest about it.", _RECRUITMENT),
    P("L", "I looked round the room and thought, it's all people like me. Where are the young mums, where are the "
           "people who don't speak English?", _RECRUITMENT),
    P("V", "There's a lot of mistrust in some communities, and rightly so. You can't just expect people to turn up "
           "because the NHS has decided it wants to hear from them this month.", _RECRUITMENT),
    P("V", "The people who'd benefit most are working two jobs or caring for someone. They're never going to make a "
           "Tuesday afternoon meeting.", _RECRUITMENT),
    P("C", "I was the only carer who was still working. Everyone else was retired, so the carers' side of it was a bit "
           "lopsided, I'd say.", _RECRUITMENT),
    P("S", "Recruitment was harder than we expected. We wanted a mix of ages, ethnicities and experiences, and in the "
           "end we had seven people, five of whom already knew each other.", _RECRUITMENT),
    P("L", "I think they struggled to get people with learning disabilities, because the information was too "
           "complicated. I only came because my support worker read it out to me.", _RECRUITMENT),
    P("V", "We could get people to one session, but keeping a mix of people involved over months, that's where it "
           "fell down. The younger ones drifted off first.", _RECRUITMENT),

    # --- managing expectations ----------------------------------------------------------------------------------------
    P("S", "Managing expectations was tricky. People came in with ideas that were brilliant but completely outside "
           "what we could change, like the car parking contract.", _EXPECTATIONS),
    P("S", "Some members expected change much faster than the NHS can deliver it. Explaining why a new form takes six "
           "months to approve is quite a hard conversation.", _EXPECTATIONS),
    P("S", "We were honest from the start about what was in scope, but even so, one or two people felt let down when "
           "their idea didn't make the final design.", _EXPECTATIONS),
    P("L", "I thought it'd all be sorted in a few months, and it wasn't. I know that's the NHS, but I'll admit I got a "
           "bit disheartened.", _EXPECTATIONS),
    P("L", "They were clear it wasn't going to fix everything, but I think some of us still hoped it would. When the "
           "budget got cut, that was a disappointment.", _EXPECTATIONS),
    P("C", "I came in wanting them to sort out respite, full stop. It took me a while to understand the project was "
           "only ever going to look at one small bit of it.", _EXPECTATIONS),
    P("V", "We had to manage our own members' expectations too. They'd been promised things before, so we were "
           "careful not to over-promise on behalf of the NHS.", _EXPECTATIONS),
    P("S", "The hardest conversations were when we had to say no. We spent a lot of time making sure people understood "
           "what the project could and couldn't do.", _EXPECTATIONS),
    P("L", "Part of me wanted to fix the whole system. You have to accept it's one project, one step, and that's hard "
           "when you've been through what I've been through.", _EXPECTATIONS),
    P("C", "People on the group heard the word co-production and thought they'd be running the service. When it turned "
           "out to be a leaflet and a phone line, some of them were quite cross.", _EXPECTATIONS),

    # --- lack of understanding of co-production by some staff ---------------------------------------------------------
    P("S", "Some colleagues just didn't get it. They thought co-production meant sending out a survey, or having one "
           "patient rep on a committee.", _UNDERSTANDING),
    P("S", "There were a few clinicians who saw it as a bit of a fad, a tick-box. One consultant said to me, I don't "
           "need patients telling me how to run my clinic.", _UNDERSTANDING),
    P("S", "The understanding was patchy. The project team were fully on board, but if you went down to the wards, "
           "people had no idea what we were doing or why.", _UNDERSTANDING),
    P("S", "Middle managers were the hardest. They kept asking for the outputs before we'd even agreed the problem "
           "with the group, because that's how projects normally work.", _UNDERSTANDING),
    P("L", "You could tell some of the staff had never worked like this. They'd talk at us for an hour, then ask if we "
           "had any questions at the end, and that was their idea of involvement.", _UNDERSTANDING),
    P("L", "One of the doctors kept calling us the patients rather than by our names, like we were there for a clinic. "
           "I don't think he understood why we were there at all.", _UNDERSTANDING),
    P("C", "Some of the staff didn't understand what a carer could bring. They'd say, we'll ask the patient, and I'd "
           "think, I'm the one who's up at three in the morning.", _UNDERSTANDING),
    P("V", "Frankly, some of the NHS staff thought co-production meant we'd bring them some patients to consult. We "
           "had to explain it more than once.", _UNDERSTANDING),
    P("S", "I spent a lot of time explaining what co-production is to other teams, and in the end I'm not sure some of "
           "them ever really understood it.", _UNDERSTANDING),
    P("L", "There was one nurse who, honestly, just didn't see the point of us. She'd sigh when we asked questions.",
      _UNDERSTANDING),

    # --- learning to share control and work differently ---------------------------------------------------------------
    P("S", "Letting go was hard for us as professionals. We're used to having the answer, and we had to sit with not "
           "knowing and let the group lead.", _CONTROL),
    P("S", "There were moments when I wanted to steer the group back to what we'd planned. Learning not to do that was "
           "probably my biggest personal challenge.", _CONTROL),
    P("S", "It's a completely different way of working. Decisions take longer because they're shared, and the "
           "governance hasn't caught up, the board still wants a single accountable officer.", _CONTROL),
    P("S", "I had to change how I chair meetings. Less me talking, more questions, and accepting that sometimes the "
           "decision wouldn't be the one I'd have made.", _CONTROL),
    P("L", "Sometimes it still felt like they'd made up their minds beforehand, and we were there to rubber-stamp "
           "it.", _CONTROL),
    P("L", "I wouldn't say I felt like an equal partner, not really. It was still very much their meeting, their "
           "agenda, their minutes.", _CONTROL, negates=("equal_partners",)),
    P("C", "The staff found it hard to hand over the reins, I think. Every time we suggested something bold, it went "
           "off to another committee.", _CONTROL),
    P("V", "There's a power imbalance and you can't wish it away. The NHS holds the money and the decisions, and "
           "sharing that is uncomfortable for them.", _CONTROL),
    P("S", "Working differently meant admitting that our way wasn't always best. For some of the senior team that was "
           "quite uncomfortable.", _CONTROL),
    P("V", "At the start the hospital wanted to control everything, the venue, the agenda, the wording. It took months "
           "for them to trust us to run sessions our way.", _CONTROL),
    P("C", "I don't think I was ever listened to as much as the professionals, if I'm honest. The real decisions got "
           "made in meetings we weren't invited to.", _CONTROL, negates=("listened_to",)),
)
