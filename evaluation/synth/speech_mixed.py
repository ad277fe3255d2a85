"""Passages that touch two themes at once, advice to other systems, and negated or absent mentions.

A negated passage names a theme without expressing it ("nobody paid me and I didn't want paying"); its `negates`
field records the theme a careless coder would wrongly find, and `themes` holds only what is really said.
"""

from evaluation.synth.speech import P

PASSAGES = (
    # --- two themes in one breath -------------------------------------------------------------------------------------
    P("S", "The NHS had tried to do it on its own and got three people, all retired, all from the same end of {place}. "
           "Once {vcse} got involved the group started to look like the town, because they're in those communities "
           "every day.", "diverse_recruitment", "third_sector_partners"),
    P("L", "Being listened to, properly listened to, has done wonders for my confidence. I walk into a room now and I "
           "think, what I've got to say is worth hearing.", "listened_to", "confidence"),
    P("S", "The interpreter budget meant we could include women who don't speak English at all, which had never "
           "happened on any group I've run. That money was the difference.", "funding_and_payment", "inclusion"),
    P("S", "The co-production training helped the people who came, but the ones who needed it most never turned up. "
           "So you'd still get senior staff saying, why are we asking patients?", "training_in_coproduction",
      "staff_understanding"),
    P("L", "I felt like an equal in that room and I really enjoyed it. We'd argue about something, then go and have a "
           "sandwich together, like any team.", "equal_partners", "enjoy_working_together"),
    P("S", "We did the relationship building first and it was absolutely worth it, but it ate up half our timeline. By "
           "the time we were ready to design anything the funding year was nearly over.", "early_relationships",
      "resources_and_time"),
    P("S", "We wrote terms of reference that gave the group real decision-making power, and signing that off was "
           "uncomfortable for some of my colleagues. Handing over that control doesn't come naturally to us.",
      "planning_and_processes", "sharing_control"),
    P("C", "Getting the district nurses and the hospital talking to each other was the big thing for me, and they "
           "only did it because they listened to what we told them about the gaps.", "services_together",
      "listened_to"),
    P("V", "We made sure the recommendations went back to the community centres in {place}, in person. If you've "
           "recruited people through us, you owe them that, and the trust understood that.", "third_sector_partners",
      "responsibility_to_act"),
    P("S", "By working on the right problem from the start, the rollout just went better. We weren't retrofitting "
           "patient views onto a design that was already fixed.", "right_area", "better_implementation"),
    P("L", "I went in expecting to have a say in everything, and then some decisions still got made somewhere else, "
           "at a level we never saw. They'd tell us afterwards.", "managing_expectations", "sharing_control"),
    P("S", "What we've learnt is going into other programmes across the ICB, and I feel we've got a duty to make sure "
           "it doesn't just sit on a shelf.", "wider_insight", "responsibility_to_act"),
    P("V", "We did everything right on inclusion, translated materials, evening sessions, a creche, and we still "
           "didn't reach the young dads. Some groups are just very hard to reach.", "inclusion", "diverse_recruitment"),
    P("C", "They paid us for the meetings, which I appreciated, but it never covered the hours. The reading, the "
           "emails, arranging cover, that all came out of my own time.", "funding_and_payment", "resources_and_time"),
    P("L", "Because they'd spent time getting to know me first, I felt on a level with them from the very first "
           "meeting, not like a patient who'd been invited in.", "early_relationships", "equal_partners"),
    P("S", "Some of my colleagues just couldn't get their heads round the idea that the group, not them, would decide. "
           "They'd nod in the meeting and then go and do it their own way.", "staff_understanding", "sharing_control"),
    P("V", "I've loved working on it, honestly. For the first time we're in the same room as the council and the "
           "hospital, working things out together instead of passing people around.", "enjoy_working_together",
      "services_together"),
    P("L", "I've been asked to speak at another trust about what we did, me, standing up in front of people. I'd never "
           "have had the confidence before, and it means what we learnt is going further.", "confidence",
      "wider_insight"),
    P("C", "They took us through how the improvement methods work at the start, and they paid for someone to sit with "
           "{cared_name} so I could go. Both of those made it possible.", "training_in_coproduction",
      "funding_and_payment"),

    # --- advice for another system starting out -----------------------------------------------------------------------
    P("SLCV", "Pay people. Properly, and quickly. If you're not paying them you're telling them their time is worth "
              "less than yours.", "funding_and_payment", topic="advice"),
    P("SV", "Go through the voluntary sector, don't try and do the recruiting yourselves. They know people, and people "
            "know them.", "third_sector_partners", topic="advice"),
    P("SLCV", "Build in twice as much time as you think you need. Co-production can't be rushed, and the timescales "
              "we had were never enough.", "resources_and_time", topic="advice"),
    P("S", "Get your staff trained in what co-production actually is before you start. Otherwise you'll spend half "
           "the project explaining it.", "training_in_coproduction", topic="advice"),
    P("SLCV", "Spend time getting to know people before you ask anything of them. Go to where they already are, have "
              "a cup of tea, and listen.", "early_relationships", topic="advice"),
    P("SV", "Agree your ground rules and your support arrangements up front. Who people ring, how expenses work, what "
            "happens if a meeting gets upsetting.", "planning_and_processes", topic="advice"),
    P("SLCV", "Be honest from day one about what you can and can't change. People can cope with no, what they can't "
              "cope with is finding out later.", "managing_expectations", topic="advice"),
    P("S", "Be prepared to let go. If you go in with the answer already decided, it isn't co-production, and people "
           "will see through it.", "sharing_control", topic="advice"),
    P("LC", "Listen to people. Really listen, and then show them what you did with it.", "listened_to",
      "responsibility_to_act", topic="advice"),
    P("SLCV", "Ask the people who use the service what the problem is before you decide on one. We'd have fixed the "
              "wrong thing otherwise.", "right_area", topic="advice"),
    P("LC", "Treat people as equals. Same papers, same say, same respect. It makes all the difference.",
      "equal_partners", topic="advice"),
    P("SV", "Think hard about who isn't in the room, and go and find them. The easy-to-reach people will always turn "
            "up, it's the others you need.", "diverse_recruitment", topic="advice"),

    # --- negated and absent mentions ----------------------------------------------------------------------------------
    P("S", "We didn't do any formal training in co-production, if I'm honest. We just sort of learnt as we went.",
      topic="aside", negates=("training_in_coproduction",)),
    P("L", "I don't think it's changed how confident I am, I've always been quite outspoken.", topic="aside",
      negates=("confidence",)),
    P("L", "Nobody paid me and I didn't want paying, to be honest. I just wanted to help.", topic="aside",
      negates=("funding_and_payment",)),
    P("V", "We weren't involved in the recruitment side at all. The trust did that themselves, through their own "
           "patient panel.", topic="aside", negates=("third_sector_partners",)),
    P("S", "There wasn't a code of conduct or anything like that. We didn't think we needed one.", topic="aside",
      negates=("planning_and_processes",)),
    P("C", "I can't say it's brought services together, not yet anyway. It's still me doing all the ringing round.",
      topic="aside", negates=("services_together",)),
    P("S", "Nobody on the team was against it. I wouldn't say there was any resistance from staff at all.",
      topic="aside", negates=("staff_understanding",)),
    P("L", "I didn't really have any expectations going in, so I can't say I was disappointed.", topic="aside",
      negates=("managing_expectations",)),
    P("S", "I wouldn't say it's given us insight beyond this project, not yet. It's too early.", topic="aside",
      negates=("wider_insight",)),
    P("LC", "There wasn't any training as such, but I didn't feel I needed it.", topic="aside",
      negates=("training_in_coproduction",)),
    P("V", "Time wasn't really a problem for us, because it fitted in with what our groups were doing anyway.",
      topic="aside", negates=("resources_and_time",)),
    P("S", "Recruitment wasn't an issue, we had more volunteers than places.", topic="aside",
      negates=("diverse_recruitment",)),
    P("C", "I wouldn't say I enjoyed it exactly, it's hard going talking about all that. But I'm glad I did it.",
      topic="aside", negates=("enjoy_working_together",)),
    P("L", "We didn't meet anyone from the team beforehand, we just turned up to the first meeting.", topic="aside",
      negates=("early_relationships",)),
)
