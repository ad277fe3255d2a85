"""Passages with no theme: how people came to the project, what it is, asides, and anecdotes carrying personal data.

These make the transcripts read like interviews rather than a list of findings, and give the coder plenty of text
that must stay uncoded. Roles: S staff, L lived experience, C carer, V voluntary sector.
"""

from evaluation.synth.speech import P

PASSAGES = (
    # --- who they are and how they came to be involved ----------------------------------------------------------------
    P("S", "I've been a nurse for about twenty years, mostly in {place}, and I picked up this project when the "
           "previous lead went on maternity leave.", topic="background"),
    P("S", "My background's in service improvement. I was asked to lead on it when the money came through from NHS "
           "England, so I've been there from the bid onwards.", topic="background"),
    P("S", "I manage the outpatient team at {place}, so I came at it from the operational side, really. Rotas, "
           "clinics, the nuts and bolts.", topic="background"),
    P("S", "I'm a consultant by background, but I've got a couple of sessions a week for improvement work, and this "
           "was the project I put my hand up for.", topic="background"),
    P("S", "I sit in the commissioning team at the ICB. I was on the panel that chose the projects, and then I sort of "
           "got pulled in to help run this one.", topic="background"),
    P("L", "I was diagnosed with {condition} about six years ago, and I've been in and out of services in {place} "
           "ever since.", topic="background"),
    P("L", "I've lived in {place} all my life. I've had {condition} since my thirties, so I've seen a lot of the "
           "system from the inside, the good and the bad.", topic="background"),
    P("L", "I saw a post on Facebook asking for people with experience of the service, and I thought, well, I've got "
           "plenty of that.", topic="background"),
    P("L", "My consultant, {doctor}, mentioned it to me in clinic. The exact words were, you've got a lot of "
           "opinions, you should put them to use, and I think that was only half a joke.", topic="background"),
    P("L", "I'd written a complaint, a long one, after my {condition} diagnosis, and someone from the patient "
           "experience team rang me and asked if I'd like to help change things instead.", topic="background"),
    P("C", "I look after {cared}, who has {cared_condition}, so I've been a carer for about eight years now.",
      topic="background"),
    P("C", "I care for {cared} full-time. {cared_they_cap} was diagnosed with {cared_condition} a few years ago and "
           "it's been a steep learning curve for both of us.", topic="background"),
    P("C", "I was working in a school until {cared_name} got ill. Then it was {cared_condition}, hospital, home, "
           "hospital, and somewhere in all that I ended up on this group.", topic="background"),
    P("V", "I work for {my_org}. We support people across {place} and {place2}, mostly advice and peer groups, and a "
           "lunch club on a Wednesday.", topic="background"),
    P("V", "I'm the community engagement lead at {my_org}, so I spend most of my week out and about in {place}.",
      topic="background"),
    P("V", "I run {my_org}, which is me, one part-time worker and about thirty volunteers. We've been going since "
           "2009.", topic="background"),

    # --- what the project is ------------------------------------------------------------------------------------------
    P("S", "So the idea was to look at the whole pathway, from the first letter to the follow-up, and redesign the "
           "bits that weren't working.", topic="project"),
    P("S", "In practical terms we had a steering group that met monthly, a couple of bigger workshops, and little "
           "task-and-finish groups in between.", topic="project"),
    P("S", "The project is {project}. We've been going about eighteen months, and we're in the testing phase now in "
           "{place}.", topic="project"),
    P("L", "We met once a month at the community centre in {place}, and sometimes online. There were about ten of us, "
           "roughly half staff and half people like me.", topic="project"),
    P("LC", "It's about {project}. We met every few weeks, usually late afternoon.", topic="project"),
    P("V", "Our part was mainly the community sessions in {place} and {place2}, and then feeding that back to the "
           "steering group at the hospital.", topic="project"),
    P("C", "There were workshops where we looked at the current service, where it falls down, and then we sketched "
           "out what it could look like instead.", topic="project"),
    P("SLCV", "It's called {project_title}, which is a bit of a mouthful. Most of us just call it the project.",
      topic="project"),

    # --- asides, logistics and names in passing -----------------------------------------------------------------------
    P("S", "We moved online over the winter because of COVID, then back to face to face in the spring.",
      topic="aside"),
    P("L", "The meetings were on Teams at first. I'm not great with technology, so my grandson set it all up for me.",
      topic="aside"),
    P("L", "Parking at {place} is a nightmare, so I'd usually get the bus. The number twelve, if it turns up.",
      topic="aside"),
    P("L", "Actually {kin} came with me to the first couple of meetings because I was nervous about driving to "
      "{place}.",
      topic="aside"),
    P("S", "{colleague} did most of the admin, bless {colleague_her}, and kept us all going.", topic="aside"),
    P("C", "{titled} next door sits with {cared_name} when I go out, so I'm lucky really, not everyone's got that.",
      topic="aside"),
    P("S", "I'd inherited it from {titled}, who'd moved on to a job at the ICB, so I was playing catch-up for the "
           "first few weeks.", topic="aside"),
    P("V", "Sorry, my phone keeps going. It's the lunch club, they'll have lost the key again.", topic="aside"),
    P("LC", "Sorry, I've gone off on a tangent there. Where was I?", topic="aside"),
    P("L", "Funnily enough, {kin} says I spend more time on this than on anything else, and {kin_name}'s probably "
      "right.",
      topic="aside"),
    P("S", "Anyway, that's the background. It's a bit of a long story.", topic="aside"),
    P("L", "I had a bit of a bad patch in the middle, with my {condition}, so I missed a few months.", topic="aside"),
    P("C", "{cared_name}'s consultant, {doctor}, has been very good, I'll say that.", topic="aside"),
    P("V", "We've had {titled} from the council down a couple of times as well, which was nice.", topic="aside"),

    # --- personal data in passing (one kind each, so every site can be given each kind) -------------------------------
    P("L", "I've still got the letter here actually, it's got my NHS number on it, {nhs_number}, and it still says the "
           "wrong clinic.", topic="pii", pii="nhs_number"),
    P("C", "I must have read out {cared_their} NHS number, {nhs_number}, a hundred times over the years.", topic="pii",
      pii="nhs_number"),
    P("L", "They muddled my records up with someone else's at one point, so now I always quote my NHS number, which "
           "is {nhs_number}, before anything else.", topic="pii", pii="nhs_number"),
    P("S", "One of our members had a letter with their NHS number, {nhs_number}, sent to the wrong house, which did "
           "not help our credibility.", topic="pii", pii="nhs_number"),
    P("V", "One lady brought her letter into the office, NHS number {nhs_number} on the top, and asked us what it "
           "all meant.", topic="pii", pii="nhs_number"),
    P("L", "I was born on {dob}, and apart from a few years away I've always lived round here.", topic="pii",
      pii="date_of_birth"),
    P("C", "{cared_name} was born on {dob}, so {cared_they}'s younger than people assume.", topic="pii",
      pii="date_of_birth"),
    P("L", "With my {condition} I have good days and bad days, so some meetings I was all there and some I wasn't.",
      topic="pii", pii="condition"),
    P("L", "Since the {condition}, I don't really go out on my own, so getting to {place} takes some planning.",
      topic="pii", pii="condition"),
    P("C", "{cared_name}'s {cared_condition} has got worse this year, so I've had to miss a few sessions.",
      topic="pii", pii="condition"),
    P("LV", "My date of birth's {dob}, if you need that for your forms.", topic="pii",
      pii="date_of_birth"),
    P("S", "I've been in the NHS since I qualified, and I was born on {dob}, so you can do the maths.", topic="pii",
      pii="date_of_birth"),
    P("SV", "If anyone wants to get involved they can ring me on {phone}.", topic="pii", pii="phone"),
    P("L", "I gave them my mobile, {mobile}, and nobody rang back for a month.", topic="pii", pii="phone"),
    P("C", "The carers line is {phone}, I know it off by heart.", topic="pii", pii="phone"),
    P("LC", "They kept ringing my old number instead of {mobile}, which didn't help.", topic="pii", pii="phone"),
    P("S", "People can email me directly at {email}, and I'll pass it on to the group.", topic="pii", pii="email"),
    P("V", "Anyone can drop me an email at {email} and I'll put them in touch.", topic="pii", pii="email"),
    P("LC", "They sent the papers to {email}, which was handy, because I can read them on my phone.", topic="pii",
      pii="email"),
    P("L", "I'm out at {postcode}, right on the edge of {place}, so it's two buses to the hospital.", topic="pii",
      pii="postcode"),
    P("C", "We live at {postcode}, and the nearest respite place is forty minutes away.", topic="pii", pii="postcode"),
    P("V", "Our office is on the high street, {postcode}, right by the bus station.", topic="pii", pii="postcode"),
    P("S", "Most of our referrals come from around {postcode} and the estates near there.", topic="pii",
      pii="postcode"),
)
