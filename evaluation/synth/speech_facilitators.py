"""Passages about what helped co-production: the five Picker facilitators.

Roles: S staff, L lived experience, C carer, V voluntary sector. `[a|b]` is a spoken alternative, `{slot}` a person,
place or number filled per interview (see speech.Cast).
"""

from evaluation.synth.speech import P

_THIRD_SECTOR = "third_sector_partners"
_TRAINING = "training_in_coproduction"
_RELATIONSHIPS = "early_relationships"
_PLANNING = "planning_and_processes"
_FUNDING = "funding_and_payment"

PASSAGES = (
    # --- working with voluntary and community organisations to recruit and reach people -------------------------
    P("S", "[Honestly|To be honest], we'd never have found half the people on the group without {vcse}. They already "
           "had the relationships, they knew who'd be up for it, and people trust them in a way they just don't trust "
           "us. That's not a criticism, it's just how it is.", _THIRD_SECTOR),
    P("S", "We went through the community organisations first rather than sticking a poster up in outpatients. {vcse} "
           "ran a couple of coffee mornings for us in {place}, and that's where most of our lived experience members "
           "came from in the end.", _THIRD_SECTOR),
    P("S", "I think the big lesson for me was, don't try and recruit on your own. We [commissioned|paid] a small local "
           "charity to do the outreach and they brought in people we'd been failing to reach for years. Years.",
      _THIRD_SECTOR),
    P("S", "The voluntary sector partners were the bridge, really. When we wanted to talk to families in {place} they "
           "set it up, they came along with us, they sort of vouched for us. Without that we'd have been two people in "
           "lanyards standing in a church hall.", _THIRD_SECTOR),
    P("V", "We've worked in {place} for about fifteen years, so when the trust came to us I could say, right, I know "
           "six or seven people who'd have a lot to say about this. That's the bit they can't buy.", _THIRD_SECTOR),
    P("V", "A lot of the women we work with wouldn't walk into a hospital meeting room. So we held the sessions in our "
           "building, our volunteers did the introductions, and the NHS people came to us. That made a massive "
           "difference to who turned up.", _THIRD_SECTOR),
    P("V", "Our role was basically the go-between. We did the recruiting, we supported people before and after the "
           "meetings, and we fed back to the project team when something wasn't landing with {community}.",
      _THIRD_SECTOR),
    P("V", "We put it out through our WhatsApp groups, through the mosque and the two community centres, and within a "
           "fortnight we had more people than places. [It's word of mouth, isn't it.|People listen to people they "
           "know.]", _THIRD_SECTOR),
    P("L", "I only heard about it through {vcse}. I'd been going to their drop-in for a while and one of the workers "
           "said, have you thought about doing this? I'd never have seen it otherwise, I don't look at hospital "
           "websites.", _THIRD_SECTOR),
    P("C", "It was the carers' group that got me involved. They said the hospital wanted carers on the group, and "
           "{colleague_name} from the group said {colleague_she}'d come with me to the first one, which, you know, "
           "I needed.",
      _THIRD_SECTOR),
    P("L", "The lady from the support group rang me. She knew my situation and she said they're looking for people "
           "exactly like you. If it had just been a letter from the hospital I'd have binned it, [to be "
           "honest|I'm not going to lie].", _THIRD_SECTOR),
    P("S", "We linked up with {vcse} and with a faith group in {place2}, and they ran the listening events for us. "
           "They knew which questions would go down badly, which we absolutely did not.", _THIRD_SECTOR),
    P("V", "The trust gave us the brief and then, to their credit, left the outreach to us. We went to the food bank, "
           "the parent and toddler group, the allotment society, places where people actually are.", _THIRD_SECTOR),

    # --- education and training in a co-production approach to QI -------------------------------------------------
    P("S", "We did a half-day session on co-production before anything else, staff and lived experience members "
           "together. For a lot of my colleagues it was the first time anyone had explained the difference between "
           "consulting people and actually designing something with them.", _TRAINING),
    P("S", "We brought in a facilitator to run some training on what co-production is, and more importantly what it "
           "isn't. That helped, because people kept saying, oh we already do this, and, well, we didn't.", _TRAINING),
    P("S", "The training was useful in a really practical way. How you run a meeting so everyone can contribute, how "
           "you [cut out|avoid] the jargon, how you make a decision together rather than just announcing it.",
      _TRAINING),
    P("S", "I'd been on the QI training years ago but nobody had ever talked about doing QI with patients rather than "
           "to them. The co-production module sort of reframed the whole thing for me, it really did.", _TRAINING),
    P("S", "We opened the learning sessions up to anyone in the directorate and, I was surprised, we got consultants "
           "coming along. Once they'd seen what co-production looks like in a QI project they stopped asking why we "
           "were bothering.", _TRAINING),
    P("L", "They ran a little course for us at the start, what quality improvement is, what a driver diagram is, all "
           "that. I'd never heard any of those words before, so it meant I could actually follow what was going on "
           "in the meetings.", _TRAINING),
    P("L", "There was a training day where we all did it together, the staff and us. Sitting next to a consultant "
           "doing the same exercise, I think that did more than anything to break the ice, and you learnt why "
           "they wanted to work this way.", _TRAINING),
    P("V", "We asked for the co-production training to be run jointly, so our volunteers and the hospital staff learnt "
           "the same language at the same time. I think that was really important, otherwise you've got two "
           "groups with two different ideas of what you're doing.", _TRAINING),
    P("LC", "They explained what co-production meant right at the beginning, that it wasn't just filling in a survey "
            "and that we'd be there from the start, designing it. That made me take it seriously.", _TRAINING),
    P("S", "One of the things that helped was getting the senior team through the training as well, not just the "
           "project group. Once the director could explain why co-production was worth it, half the battles just "
           "went away.", _TRAINING),
    P("C", "There was a session about how the improvement side works, testing small changes and so on. I found that "
           "really helpful, because before that I thought they'd just go away and write a report.", _TRAINING),

    # --- engagement and relationship building before co-producing -------------------------------------------------
    P("S", "We spent the first three months, really, just meeting people. No agenda, no slides, just going to groups "
           "in {place} and listening. It felt slow at the time but it's the reason people stuck with us.",
      _RELATIONSHIPS),
    P("S", "I went to the peer support group every month for about half a year before we ever asked anyone to join the "
           "project. By then they knew me, they'd had a go at me about the parking, we'd got past all that.",
      _RELATIONSHIPS),
    P("S", "The relationship bit came first. We had cups of tea, we had phone calls, and we asked people what they'd "
           "want out of being involved before we asked them to be involved.", _RELATIONSHIPS),
    P("L", "{colleague} came to our group quite a few times before anything was mentioned about the project. So by the "
           "time they asked, I already trusted {colleague_her}, and that matters when you've had the experiences "
           "I've had.",
      _RELATIONSHIPS),
    P("L", "What I liked was they didn't just turn up with a form. We got to know each other first, we had a couple of "
           "informal sessions, and I could ask all my daft questions.", _RELATIONSHIPS),
    P("LC", "I'd met most of the team before the first proper meeting, so I wasn't walking into a room full of "
            "strangers. That made it so much easier, I can't tell you.", _RELATIONSHIPS),
    P("C", "They rang me a couple of times before the first meeting, just to chat, find out what times worked around "
           "{cared_name}. Nobody had ever done that before, not in eight years.", _RELATIONSHIPS),
    P("V", "The hospital team came to our Tuesday group for weeks. They helped with the teas, they sat and chatted. By "
           "the time they said we'd like you to help us design this, people felt they knew them.", _RELATIONSHIPS),
    P("S", "We did a getting-to-know-you session where everyone brought something that mattered to them. It sounds a "
           "bit cheesy, I know, but it meant the first proper meeting wasn't a cold start.", _RELATIONSHIPS),
    P("L", "Before we started, {titled} from the project team met me for a coffee in {place}, just the two of us, and "
           "explained what it would involve. I appreciated that, it felt respectful.", _RELATIONSHIPS),
    P("V", "Trust takes time, doesn't it. The project lead came to our community lunch three or four times just to be "
           "there, and by the spring people were asking her when they could get involved.", _RELATIONSHIPS),
    P("S", "We deliberately didn't start with the problem. We started with people, their stories, who they were, and "
           "only when we'd built that up did we get into the improvement work.", _RELATIONSHIPS),

    # --- planning and processes: support, scoping who to involve, ground rules --------------------------------------
    P("S", "We wrote a set of ground rules together in the first meeting, things like no acronyms, everyone gets a "
           "chance to speak, we start and finish on time. We still put them up on the screen at the start of every "
           "meeting.", _PLANNING),
    P("S", "We did a proper mapping exercise at the start of who needed to be in the room. Services, patients, carers, "
           "the voluntary sector. It stopped us just inviting the usual suspects.", _PLANNING),
    P("S", "Every lived experience member had a named contact on the team they could ring if they were struggling or "
           "had a question. That was {colleague} mostly, and {colleague_she} was brilliant at it.", _PLANNING),
    P("S", "We sent the papers out a week early, in plain English, with a one-page summary on top. It sounds basic but "
           "it meant people came ready to contribute rather than being handed a pack on the day.", _PLANNING),
    P("S", "There's a role description, an expenses process, a debrief after every meeting. We borrowed a lot of it "
           "from another trust, to be fair, but having it all written down made everyone feel safer.", _PLANNING),
    P("L", "There was a sort of agreement at the start about how we'd treat each other in meetings. I thought it was a "
           "bit formal at first, but it did mean when someone talked over me, the chair stepped in.", _PLANNING),
    P("L", "After each meeting someone would ring me to check how I was. Some of the topics were quite close to home, "
           "with my {condition}, so that really mattered.", _PLANNING),
    P("L", "They sorted all the practical stuff, a taxi there and back, a room on the ground floor, a break every "
           "hour. I couldn't have done it otherwise, not with my {condition}.", _PLANNING),
    P("C", "They planned the meetings round school hours and they said I could bring {cared_name} along if I couldn't "
           "get cover. Little things, but it meant I could actually take part.", _PLANNING),
    P("V", "We agreed early on who was responsible for what, so our staff supported the community members and the NHS "
           "team did the project side. Having that written down saved a lot of arguments later.", _PLANNING),
    P("S", "We had a code of conduct, which some people rolled their eyes at, but when one meeting got quite heated it "
           "gave us something to fall back on.", _PLANNING),
    P("C", "There was a little welcome pack with who everyone was, what the meetings were for, who to call if you were "
           "worried. I kept it by the phone the whole year.", _PLANNING),
    P("V", "What helped was the planning up front. Before anyone was recruited we'd agreed how people would be "
           "supported, how they'd be kept safe if things got upsetting, and what happened if they wanted to step "
           "back.", _PLANNING),

    # --- funding: recruitment, experts, facilitators, translators, paying people for their time ----------------------
    P("S", "We had a budget line from the start for paying people, an hourly rate plus travel. I think that was "
           "essential, because otherwise you're asking people to do a job for free that the rest of us are being paid "
           "for.", _FUNDING),
    P("S", "Part of the money went on an independent facilitator, and I'd say that was money well spent. It meant none "
           "of us was trying to chair and take part at the same time.", _FUNDING),
    P("S", "We paid for interpreters at the community language sessions. Without that funding we'd have been talking "
           "to exactly the same people we always talk to.", _FUNDING),
    P("S", "The funding let us pay the voluntary sector partners properly for their time rather than asking for "
           "favours, and honestly that changed the relationship completely.", _FUNDING),
    P("L", "I got paid for my time, which I wasn't expecting. It's not a lot, but it says we value what you're doing, "
           "and that matters when you're on benefits and every trip into {place} costs you.", _FUNDING),
    P("L", "They paid my bus fares up front, so I didn't have to find the money and wait weeks to be reimbursed. That "
           "sounds small but it made a real difference to me.", _FUNDING),
    P("L", "Being paid made it feel like a proper role, not just a favour. I took it more seriously and, to be honest, "
           "I think they did too.", _FUNDING),
    P("C", "They covered the cost of a sitter for {cared_name} so I could come to the meetings. Without that money I "
           "just couldn't have done it, simple as.", _FUNDING),
    P("V", "The grant covered a part-time community link worker for six months, and that one post was basically the "
           "whole recruitment engine.", _FUNDING),
    P("S", "We used some of the funding for translation, so the leaflets and the feedback forms went out in five "
           "languages, and we paid community members to check them.", _FUNDING),
    P("V", "For once the money followed the work. The NHS paid us for our staff time and paid our members a voucher "
           "for every session, and I think people noticed that.", _FUNDING),
    P("C", "There was a payment for each meeting, and they were quick with it. When you're caring you've often had to "
           "give up work, so it wasn't nothing.", _FUNDING),
)
