"""Passages about the value people saw in co-production: the six Picker values and the four lived-experience values.

Roles: S staff, L lived experience, C carer, V voluntary sector.
"""

from evaluation.synth.speech import P

_RIGHT_AREA = "right_area"
_IMPLEMENTATION = "better_implementation"
_TOGETHER = "services_together"
_INSIGHT = "wider_insight"
_INCLUSION = "inclusion"
_ACT = "responsibility_to_act"
_EQUAL = "equal_partners"
_LISTENED = "listened_to"
_CONFIDENCE = "confidence"
_ENJOY = "enjoy_working_together"

PASSAGES = (
    # --- addressing the right area for improvement -------------------------------------------------------------------
    P("S", "The patients on the group pointed us at the bit we'd completely overlooked. We were focused on the clinic "
           "itself, and they said, honestly, the problem is the three weeks before you even get there.", _RIGHT_AREA),
    P("S", "We came in thinking the answer was a new leaflet. It turned out the real issue was the phone line, and we "
           "only found that out because people with lived experience told us straight.", _RIGHT_AREA),
    P("S", "Co-production stopped us solving the wrong problem, basically. We'd have spent a year and a lot of money "
           "fixing something that, as far as patients were concerned, wasn't broken.", _RIGHT_AREA),
    P("L", "I said to them, you're asking the wrong question. It's not about the waiting room, it's about nobody "
           "telling you what happens next. And fair play, they changed the whole focus.", _RIGHT_AREA),
    P("L", "They were going to look at appointment letters and we said, the letters are fine, it's getting through on "
           "the phone that's the nightmare. So that's what the project ended up being about.", _RIGHT_AREA),
    P("C", "As carers we could see the gaps nobody else could, like what happens at night when there's nobody to ring. "
           "That ended up being the main thing they worked on.", _RIGHT_AREA),
    P("V", "The community members redirected it, really. The trust wanted an app and the women said, we need someone "
           "to talk to in our own language, not an app. And that's what got built.", _RIGHT_AREA),
    P("S", "The priorities changed quite a lot after the first workshop. What people with lived experience put at the "
           "top of the list wasn't even on our original list.", _RIGHT_AREA),
    P("L", "It felt like for once they were fixing the thing that actually matters to people like me, not the thing "
           "that looks good in a report.", _RIGHT_AREA),
    P("V", "If they'd gone with their first idea they'd have missed the point completely. Our members knew exactly "
           "where it goes wrong, which is the first phone call, and that's where the work went.", _RIGHT_AREA),

    # --- improving project implementation ----------------------------------------------------------------------------
    P("S", "Because the lived experience members had designed the new letter with us, when it went out we had hardly "
           "any complaints. Normally we'd launch something and spend six months firefighting.", _IMPLEMENTATION),
    P("S", "Things got tested properly before we rolled them out. Someone would say, that won't work for someone who "
           "can't read well, and we'd change it there and then rather than after the pilot.", _IMPLEMENTATION),
    P("S", "Implementation was smoother, no question. The clinics picked it up faster because they'd heard patients' "
           "voices in the design, not just a directive from management.", _IMPLEMENTATION),
    P("S", "It saved time in the end. We didn't have to go back and redo things, because we'd got it right, or near "
           "enough right, the first time.", _IMPLEMENTATION),
    P("L", "We went through the new booking process step by step, pretending to be patients, and found about ten "
           "things that would have tripped people up. They fixed them before it went live.", _IMPLEMENTATION),
    P("L", "I think it'll work better because people like me had a hand in it. It's not designed by somebody who's "
           "never had to use it.", _IMPLEMENTATION),
    P("V", "When the service launched, our members were the ones telling their neighbours about it. You can't buy that "
           "kind of rollout.", _IMPLEMENTATION),
    P("C", "We tried out the new information pack with real carers before it was printed, and half of it got "
           "rewritten. It's much better for it.", _IMPLEMENTATION),
    P("S", "The pilot in {place} went far better than any pilot I've run before, and I genuinely think that's because "
           "the people who'd use it had been in the room from the start.", _IMPLEMENTATION),
    P("S", "Uptake's been higher than we planned for. When we asked people why they'd come, a few said a friend on the "
           "group had told them it was designed by people like them.", _IMPLEMENTATION),

    # --- bringing services together ----------------------------------------------------------------------------------
    P("S", "One of the unexpected things was getting primary care, the hospital and social care round the same table. "
           "The lived experience members kept asking, well, who's responsible for that bit, and nobody could answer, "
           "so we had to talk to each other.", _TOGETHER),
    P("S", "It's broken down some silos, honestly. I now know the people at the hospice and the council by name, and "
           "we pick up the phone to each other.", _TOGETHER),
    P("S", "The patients see one journey, we see five different services. Co-producing it forced us to look at it the "
           "way they do, as one thing.", _TOGETHER),
    P("L", "For the first time I saw the GP practice, the hospital and the council people in the same room talking "
           "about my journey. I said, this is the first time you've all met, isn't it? And it was.", _TOGETHER),
    P("C", "As a carer you're the one joining everything up, ringing social services, ringing the hospital, ringing "
           "the GP. The project got them talking to each other, which took some of that off me.", _TOGETHER),
    P("V", "We ended up sitting on the same group as the mental health trust, the council and the police. A year ago I "
           "didn't know who to email in any of those places.", _TOGETHER),
    P("S", "We've now got a joint referral route with the community team that came straight out of the project. It "
           "wouldn't have happened if we hadn't all been in the same workshops.", _TOGETHER),
    P("L", "They've made it so the hospital and the community nurses share the plan now, so I don't have to repeat my "
           "whole story every time. That came out of our group.", _TOGETHER),
    P("V", "The good thing was the project brought the small charities together too, not just the NHS services. We'd "
           "been competing for the same little pots of money, and now we refer to each other.", _TOGETHER),
    P("S", "The hospital team and the {place} neighbourhood team now meet every month, which they never did before. "
           "That's a direct result of the patients on the group saying, why don't you two talk?", _TOGETHER),

    # --- providing insight for other work ----------------------------------------------------------------------------
    P("S", "What we learnt has gone way beyond this project. The same approach is being used now on the stroke "
           "pathway, and the lived experience members have been asked to advise on that too.", _INSIGHT),
    P("S", "The insight from the group has fed into our strategy for next year. Things they told us about transport, "
           "for instance, apply to every service we run.", _INSIGHT),
    P("S", "We've shared the findings with the other alliances and with the ICB, and I know at least two teams have "
           "picked up the ideas for their own work.", _INSIGHT),
    P("S", "It's changed how we write any patient information now, not just for this service. There's a plain English "
           "check on everything that goes out.", _INSIGHT),
    P("L", "Some of what we said about the phone system, they've taken that to other departments as well. So it's not "
           "just helped people like me, it's helped everyone who rings up.", _INSIGHT),
    P("V", "We've used what came out of the project in our own funding bids and in how we run our groups. It's been "
           "useful for us well beyond the NHS side of things.", _INSIGHT),
    P("C", "They've asked me to come and talk to the discharge team about what we found, because it applies there as "
           "well. I thought, well, that's nice, it's going further.", _INSIGHT),
    P("S", "The board picked up one of the findings on communication and it's now a trust-wide priority. That came "
           "straight from a carer on our group.", _INSIGHT),
    P("S", "We've learnt as much about ourselves as an organisation as we have about this pathway, and that learning "
           "is being written into the next round of improvement projects.", _INSIGHT),

    # --- giving more consideration to inclusion ----------------------------------------------------------------------
    P("S", "It made us think much harder about who we're not hearing from. We'd always had the same three or four "
           "patient reps, and we realised they didn't reflect the people actually using the service.", _INCLUSION),
    P("S", "We changed the venue, the times, the language. Small things, but they opened it up to people who'd never "
           "normally come near an NHS meeting.", _INCLUSION),
    P("S", "There's more awareness now about accessibility. We do easy read versions as standard, and we ask people "
           "what adjustments they need before they arrive, not when they're already struggling.", _INCLUSION),
    P("L", "They made an effort to have people from different backgrounds on the group, different ages, different "
           "communities. I was the youngest by miles but I never once felt out of place.", _INCLUSION),
    P("L", "They did an easy read version of everything for me, and they gave me time to answer. Other meetings I go "
           "to, I just get left behind.", _INCLUSION),
    P("V", "For the first time, the people we work with were being asked, and in their own language. That's inclusion "
           "in practice, not just a line in a policy.", _INCLUSION),
    P("V", "The project team really listened when we said the sessions had to be outside the school run and prayer "
           "times for some of our members. They planned everything round it.", _INCLUSION),
    P("C", "They thought about carers who can't leave the house, so you could join by phone or on video. That meant "
           "people like me weren't shut out.", _INCLUSION),
    P("S", "The project made inclusion a standing item rather than an afterthought. Every time we made a decision we "
           "asked, who does this leave out?", _INCLUSION),

    # --- responsibility to act on findings ---------------------------------------------------------------------------
    P("S", "Once you've asked people to give up their time and tell you something painful, you've got a duty to do "
           "something with it. That's been a real driver for the team.", _ACT),
    P("S", "We made a point of going back to the group with a you-said-we-did update every quarter. If we couldn't do "
           "something, we explained why.", _ACT),
    P("S", "It holds you to account. You can't bury the findings in a report when the people who gave them are sitting "
           "across the table asking what's happened.", _ACT),
    P("L", "I told them at the start, don't ask me all this and then do nothing with it, because that's happened to me "
           "before. And to be fair, they've come back and shown us what's changed.", _ACT),
    P("L", "I'll keep asking what they've done about it, because I think they owe it to the people who shared their "
           "stories.", _ACT),
    P("V", "Our communities have been consulted to death. What was different here was the commitment to go back and "
           "tell them what had happened as a result.", _ACT),
    P("C", "They've got to act on it now. Carers have said it over and over, and now it's written down by the NHS "
           "itself, so there's no excuse.", _ACT),
    P("S", "The action log is public now. Every recommendation from the group has an owner and a date against it, and "
           "we report on it to the board.", _ACT),
    P("S", "I feel a personal responsibility, honestly, to make sure what people told us actually leads to something. "
           "Otherwise what was the point?", _ACT),

    # --- being equal partners with staff -----------------------------------------------------------------------------
    P("L", "I felt like an equal, honestly. If I didn't agree with the consultant I said so, and nobody looked at me "
           "like I'd spoken out of turn.", _EQUAL),
    P("L", "There was no them and us. We all had the same papers, the same vote, the same name badges, and you "
           "couldn't tell who was staff and who wasn't.", _EQUAL),
    P("L", "What I valued was being treated as an expert in my own right. I've lived with my {condition} a long time, "
           "and I know things about it the doctors don't.", _EQUAL),
    P("L", "When we sat down to decide on the final design, my opinion counted as much as the manager's. That's never "
           "happened to me in the NHS before.", _EQUAL),
    P("C", "As a carer I'm usually the person left in the corridor. On this group I was at the table, and my view had "
           "the same weight as the nurses'.", _EQUAL),
    P("LC", "They called us co-chairs, and it wasn't just a title. I actually chaired half the meetings with "
            "{colleague}.", _EQUAL),
    P("V", "Our members told us they felt like equals in the room, not guests. For people who've been let down by "
           "services, that's huge.", _EQUAL),
    P("S", "Our lived experience members were equal partners, properly. They co-chaired, they signed off the design, "
           "and they had the final say on the patient materials.", _EQUAL),
    P("L", "I never felt like the token patient. Everyone's view was weighed the same, and sometimes mine won the "
           "argument.", _EQUAL),
    P("C", "Nobody pulled rank. I could say to a senior nurse, I don't think that's right, and she'd say, go on then, "
           "tell me why.", _EQUAL),

    # --- having their views listened to ------------------------------------------------------------------------------
    P("L", "For once I felt listened to. I said the waiting area was frightening for someone like me, and by the next "
           "meeting they'd brought in a plan to change it.", _LISTENED),
    P("L", "It was the first time anyone had really listened to what it was like after my {condition} diagnosis, start "
           "to finish, without looking at the clock.", _LISTENED),
    P("L", "They actually wrote down what I said, and then I saw my words in the final report. That's when I knew "
           "they'd heard me.", _LISTENED),
    P("L", "It's not that I didn't feel listened to. I did, most of the time, and more than I expected to.",
      _LISTENED),
    P("LC", "You can tell when people are just nodding along. This wasn't like that, they asked follow-up questions, "
            "they came back to things I'd said weeks before.", _LISTENED),
    P("C", "Carers are so used to being ignored. Here, when I said {cared_name} gets frightened in the ambulance, they "
           "took it seriously, and it's in the new guidance now.", _LISTENED),
    P("C", "I felt heard. Just that. After years of fighting to be heard, it was a relief.", _LISTENED),
    P("V", "The women said it was the first time they'd been listened to by the NHS rather than talked at. A few of "
           "them were quite emotional about it.", _LISTENED),
    P("S", "The feedback from the lived experience members was that they felt listened to, and I think that's because "
           "we showed them what happened to every suggestion.", _LISTENED),
    P("L", "Even the small stuff I mentioned, like the signs being too high up for wheelchair users, got changed. So "
           "yes, I'd say I was listened to.", _LISTENED),

    # --- building confidence -----------------------------------------------------------------------------------------
    P("L", "It's given me my confidence back, to be honest. After I was ill I barely left the house, and now I'm "
           "standing up in front of a room full of managers.", _CONFIDENCE),
    P("L", "At the first meeting I didn't say a word. By the end I was presenting our findings to the board, which, if "
           "you'd told me that a year ago, I'd have laughed.", _CONFIDENCE),
    P("L", "I've since joined the patient panel at my GP surgery, which I would never have had the nerve to do before "
           "this.", _CONFIDENCE),
    P("L", "I'm more confident speaking up for myself in appointments now too. I know how the system works a bit "
           "better, I know what to ask.", _CONFIDENCE),
    P("L", "It's built my confidence, definitely. I've even put it on my CV, and I've got a job interview next "
           "month.", _CONFIDENCE),
    P("C", "I'm more confident challenging professionals now, for {cared_name}'s sake. I know I'm allowed to ask "
           "questions.", _CONFIDENCE),
    P("C", "It's given me a bit of me back. I'm not just a carer in that room, I'm someone with ideas, and that's done "
           "wonders for my confidence.", _CONFIDENCE),
    P("V", "We've seen people grow in confidence so much. One of our members who was very shy now runs our peer group "
           "on a Thursday.", _CONFIDENCE),
    P("S", "You could see people's confidence growing week on week. Some who barely spoke at the start were "
           "challenging the consultants by the end.", _CONFIDENCE),
    P("L", "I don't feel so stupid anymore when I'm in a meeting. I used to think they knew everything and I knew "
           "nothing.", _CONFIDENCE),

    # --- enjoying working with others to improve care -----------------------------------------------------------------
    P("L", "I've really enjoyed it, honestly. The people are lovely, we have a laugh, and we're doing something "
           "useful.", _ENJOY),
    P("L", "I look forward to the meetings. It's nice to be part of a team again, working on something that'll help "
           "other people.", _ENJOY),
    P("L", "It's been one of the best things I've done since I retired. Working alongside the staff, you get to see "
           "they're human too.", _ENJOY),
    P("LC", "There's a real buzz when we get together. Everyone's bouncing ideas off each other and it just feels "
            "positive.", _ENJOY),
    P("C", "I've made friends on the group, actually. We go for a coffee after, some of the other carers, and a couple "
           "of the staff come too.", _ENJOY),
    P("C", "It's a couple of hours where I'm not just looking after {cared_name}. I'm working with people on something "
           "that matters, and I enjoy it.", _ENJOY),
    P("V", "Our volunteers loved it. They felt part of something bigger, working with the hospital rather than "
           "against it.", _ENJOY),
    P("S", "It's been the most enjoyable project I've worked on in years. The energy the lived experience members "
           "brought was infectious.", _ENJOY),
    P("L", "I enjoy being part of it. It's satisfying, knowing we made it better for the next person, and that we did "
           "it together.", _ENJOY),
)
