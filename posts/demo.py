"""Demo posts for a local run (`manage.py seed_demo`). All letters and answers are our own writing."""

from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Group
from django.utils.text import slugify

from accounts.models import User
from forum.markup import render_markdown
from posts.models import Category, Poll, Post, Question, Tag
from posts.polls import poll_save, poll_vote
from posts.services import post_search_tags_update

CATEGORIES = [
    ("job-hunting", "Job hunting", "Applications, résumés, recruiters and the long wait for a reply.", 1),
    ("interviewing", "Interviewing", "Before, during and after the interview.", 2),
    ("online-presence", "Online presence", "Profiles, networks and what your feeds say about you.", 3),
    ("office-etiquette", "Office etiquette", "Getting along with the people you see every day.", 4),
    ("managing", "Managing people", "For readers who have a team of their own.", 5),
]

TAGS = {
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
    "interviewing": "interviewing",
    "networking": "networking",
    "etiquette": "etiquette",
    "references": "references",
    "salary": "salary",
    "resumes": "résumés",
    "recruiters": "recruiters",
    "email": "e-mail",
    "coworkers": "coworkers",
    "managers": "managers",
}

# (slug, title, category, tags, published (y, m, d), letter, answer)
POSTS = [
    (
        "endorsements-from-strangers",
        "Endorsements from people I have never met",
        "online-presence",
        ["linkedin", "networking"],
        (2022, 2, 14),
        "Every week someone I have never worked with endorses me on LinkedIn for skills I barely have. "
        "Do I have to endorse them back? Does it look bad to leave the endorsements there?",
        "You owe nothing back. Endorsements from strangers are a bit like a wave from a passing car: "
        "pleasant, harmless and not something anyone will examine.\n\n"
        "If one of them names a skill you would be embarrassed to be asked about in an interview, "
        "hide it. Otherwise leave them alone and spend the time on your summary, which people do read.",
    ),
    (
        "the-thank-you-note-that-arrived-late",
        "My thank-you note arrived a week late",
        "interviewing",
        ["interviewing", "email", "etiquette"],
        (2022, 5, 3),
        "I interviewed on a Monday and mailed a handwritten thank-you note the same day. The hiring "
        "manager mentioned on a follow-up call that it only arrived the next week. Did I blow it?",
        "No. A late note is still a note, and most interviewers remember the conversation far more than "
        "the stationery.\n\n"
        "Next time, send a short e-mail within a day and keep the card as an extra if you like paper. "
        "What matters is that you say something specific about the conversation, not when the stamp was "
        "franked.",
    ),
    (
        "a-friend-request-from-my-new-boss",
        "A friend request from my new boss",
        "online-presence",
        ["facebook", "managers"],
        (2022, 8, 22),
        "I started a new job three weeks ago and my manager has sent me a Facebook friend request. My "
        "account is mostly family photos and the odd political rant. Can I ignore it without making "
        "things awkward?",
        "You can, and plenty of people do. Many keep Facebook for family and friends and say so "
        'cheerfully when asked: "I keep that one for my relatives, but let\'s connect on LinkedIn."\n\n'
        "If you would rather accept, check your privacy settings first and put your manager on a "
        "restricted list. Either way, the request is not a test of your loyalty.",
    ),
    (
        "references-who-never-call-back",
        "My references never call the employer back",
        "job-hunting",
        ["references", "networking"],
        (2022, 11, 9),
        "Twice now an offer has stalled because one of my references took days to return a call. How "
        "do I get them to respond faster without nagging people who are doing me a favour?",
        "Warn them before you hand over their names. A two-line message — who will call, for what job, "
        "and the two things you would love them to mention — makes a reference far more likely to pick "
        "up the phone.\n\n"
        "And keep a spare. If one person is slow, offering a third name quickly tells the employer you "
        "are organised, not desperate.",
    ),
    (
        "salary-question-on-the-first-call",
        "The recruiter asked my salary on the first call",
        "job-hunting",
        ["salary", "recruiters"],
        (2023, 1, 30),
        "Five minutes into a screening call, a recruiter asked what I make now. I froze and told her. "
        "Should I have refused?",
        "Refusing outright can sour the call, but you can steer it. Try: \"I'm looking for something in "
        'the range of X to Y for this role — does that fit your budget?" It answers the real question, '
        "which is whether you are affordable, without anchoring you to your old pay.\n\n"
        "You have not ruined anything by answering. Just do your research before the next conversation "
        "so your range comes from the market, not from your current pay slip.",
    ),
    (
        "coworker-reads-over-my-shoulder",
        "A coworker who reads over my shoulder",
        "office-etiquette",
        ["coworkers", "etiquette"],
        (2023, 4, 17),
        "The person at the next desk reads my screen whenever she walks past and sometimes comments on "
        "my messages. It is not malicious, just nosy. How do I make it stop?",
        "Say it plainly and lightly, the first time it happens again: \"Oh — I'd rather you didn't read "
        'my screen, it throws me off." Most people are mortified and stop.\n\n'
        "If it keeps happening, turn your monitor a little or use a privacy filter, and let the change "
        "do the talking.",
    ),
    (
        "listing-a-job-i-held-for-two-months",
        "Should a two-month job go on my résumé?",
        "job-hunting",
        ["resumes", "linkedin"],
        (2023, 7, 5),
        "I left a job after eight weeks because the role was nothing like the description. Do I list it "
        "on my résumé and LinkedIn, or pretend it never happened?",
        "A résumé is a marketing document, not a sworn statement, so you may leave it off — as long as "
        "you don't lie if someone asks what you did that spring.\n\n"
        "If leaving it off creates a gap that invites questions, list it with one honest line, and have "
        'a calm sentence ready: "The role turned out to be mostly data entry, so I moved on quickly."',
    ),
    (
        "group-interview-jitters",
        "I dread group interviews",
        "interviewing",
        ["interviewing"],
        (2023, 9, 26),
        "The job I want uses a group interview: six candidates, one table, a problem to solve together. "
        "I'm quiet in groups. How do I stand out without steamrolling people?",
        "Quiet works better than you think. Assessors watch for who listens, who builds on other "
        "people's ideas and who keeps the group on time.\n\n"
        "- Offer to keep time or take notes early; it gives you a natural voice.\n"
        "- Summarise where the group has got to every so often.\n"
        '- Bring in someone who has not spoken: "Jordan, you looked doubtful — what do you think?"\n\n'
        "That is leadership, and it does not require volume.",
    ),
    (
        "networking-event-alone",
        "Going to a networking event on my own",
        "job-hunting",
        ["networking", "etiquette"],
        (2024, 1, 11),
        "I've signed up for an industry meetup where I know nobody. My plan so far is to stand near the "
        "snacks. Any better ideas?",
        "The snacks are not a bad plan: people there are between conversations and easy to talk to. "
        "Arrive early, when groups have not formed yet, and ask the organiser who you should meet.\n\n"
        "Aim for three real conversations rather than a pocket full of cards, and follow up with one "
        "line the next day mentioning something you talked about.",
    ),
    (
        "a-reply-all-disaster",
        "I replied to all by mistake",
        "office-etiquette",
        ["email", "coworkers"],
        (2024, 3, 20),
        "I meant to send a sarcastic comment about a meeting to one colleague and sent it to the whole "
        "department, including the person who ran the meeting. What now?",
        "Apologise quickly and in person (or on a call) to the person you mocked. Keep it short and "
        "don't explain the joke: \"That was unkind and unprofessional, and I'm sorry.\"\n\n"
        "A one-line note to the department is optional; often silence is better than drawing more "
        "attention. Then be visibly decent for a while. People forgive a mistake they see you own.",
    ),
    (
        "recruiter-messages-on-linkedin",
        "Do I have to answer every recruiter?",
        "online-presence",
        ["linkedin", "recruiters"],
        (2024, 6, 4),
        "I get several recruiter messages a week. I'm happy where I am. Is it rude to ignore them?",
        "It is not rude to ignore a cold message. But a ten-second reply to the ones in your field — "
        "\"Thanks, I'm not looking right now, but I'd be glad to stay in touch\" — builds a small list "
        "of people who will remember you when you *are* looking.",
    ),
    (
        "managing-a-former-peer",
        "I now manage my former work friend",
        "managing",
        ["managers", "coworkers"],
        (2024, 8, 29),
        "I've been promoted and one of my new reports is the colleague I used to complain about "
        "management with over lunch. How do I handle it?",
        "Talk about it directly, early, and privately. Acknowledge that things are different now, say "
        "what will stay the same (you still value the friendship) and what will change (you can't "
        "vent about the company or discuss other team members with them).\n\n"
        "Then be scrupulously fair. Your friend will watch for favouritism less closely than the rest "
        "of the team will.",
    ),
    (
        "feedback-after-rejection",
        "Can I ask why I was rejected?",
        "interviewing",
        ["interviewing", "email"],
        (2024, 12, 2),
        "After a final-round interview I got a polite rejection. I'd love to know what I could have done "
        "better. Is it acceptable to ask?",
        "Yes, as long as you ask once, briefly and graciously, and accept that many companies won't "
        "answer for legal reasons. Thank them, say you'd value any feedback, and wish them well.\n\n"
        "Whatever comes back, don't argue with it. A gracious reply to a rejection is the easiest way to "
        "be remembered for the next opening.",
    ),
    (
        "holiday-party-photos",
        "Photos from the office party are online",
        "online-presence",
        ["facebook", "etiquette"],
        (2025, 1, 15),
        "A colleague posted photos from our holiday party on Facebook and tagged me in one where I'm "
        "mid-karaoke and not at my best. Can I ask her to take it down?",
        'Of course. Untag yourself first — that takes a second — and then ask kindly: "Would you mind '
        "taking down the karaoke one? I'd rather it weren't out there.\" Most people will do it at once.\n\n"
        "If the company has a policy on posting colleagues' photos, you don't need to mention it unless "
        "she refuses.",
    ),
    (
        "counteroffer-or-not",
        "My employer made a counteroffer",
        "job-hunting",
        ["salary", "managers"],
        (2025, 4, 8),
        "I resigned to take a new job and my manager immediately offered a raise to stay. The money is "
        "now similar. Should I stay?",
        "Go back to why you started looking. If the reason was only money, the counteroffer may fix it. "
        "If it was the work, the manager or the prospects, a raise will not change those, and the "
        "reasons will still be there in six months.\n\n"
        "Also consider that your manager now knows you were willing to leave. That is not fatal, but "
        "it is real.",
    ),
    (
        "answering-weakness-question",
        "How do I answer the weakness question?",
        "interviewing",
        ["interviewing", "resumes"],
        (2025, 7, 21),
        "Every guide tells me to dress a strength up as a weakness, and interviewers must see through "
        "that. What do they actually want to hear?",
        "They want evidence that you know yourself and can improve. Pick a real, modest weakness that "
        "is not central to the job, and spend most of your answer on what you have done about it.\n\n"
        '"I used to say yes to every request and miss deadlines; now I keep a visible list and '
        'renegotiate early" beats "I work too hard" every time.',
    ),
    (
        "old-posts-and-a-job-search",
        "Old posts on my public profile",
        "online-presence",
        ["facebook", "linkedin", "networking"],
        (2025, 10, 2),
        "I'm job hunting and just realised my Facebook profile is public back to 2011. Should I delete "
        "everything?",
        "No need for scorched earth. Switch past posts to friends-only — Facebook has a setting that "
        "does it in one go — and check what a stranger sees with the view-as option.\n\n"
        "Then make sure the profiles you *want* employers to find, like LinkedIn, are current. A good "
        "first result matters more than a spotless tenth.",
    ),
]

INBOX = [
    (
        "My manager schedules meetings at lunch",
        "Our team meeting keeps landing on the only hour I can take a break. How do I raise it?",
        "Jo",
        "jo@example.com",
    ),
    (
        "Listing volunteer work",
        "I have run a community garden for five years. Does that belong on a résumé for an office job?",
        "",
        "gardener@example.com",
    ),
    (
        "Connecting with a rejected candidate",
        "I interviewed someone we did not hire and they sent me a LinkedIn request. Accept or not?",
        "Hiring manager",
        "",
    ),
]


def seed_posts(users: dict[str, User]) -> list[Post]:
    """Create the demo categories, tags, posts and waiting questions once; leave existing rows alone."""
    editor = users["editor"]
    editor.groups.add(Group.objects.get(name="Editors"))

    categories = {}
    for slug, name, description, order in CATEGORIES:
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    tags = {
        slug: Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in TAGS.items()
    }

    posts = []
    for slug, title, category, tag_slugs, (y, m, d), letter, answer in POSTS:
        post, created = Post.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "question": letter,
                "question_html": render_markdown(letter),
                "answer": answer,
                "answer_html": render_markdown(answer),
                "category": categories[category],
                "editor": editor,
                "status": Post.Status.PUBLISHED,
                "published_at": datetime(y, m, d, 9, 30, tzinfo=UTC),
                "created_at": datetime(y, m, d, 8, 0, tzinfo=UTC),
            },
        )
        if created:
            post.tags.set([tags[tag] for tag in tag_slugs])
            post_search_tags_update(post=post)
        posts.append(post)

    for title, body, name, email in INBOX:
        Question.objects.get_or_create(
            title=title, defaults={"body": body, "name": name, "email": email, "consent_to_publish": True}
        )
    _poll(posts)
    _follow_up(posts, editor=editor)
    return posts


# The letter writer of the former-peer letter wrote back; the editors ran it as a post of its own.
FOLLOW_UP = (
    "managing-a-former-peer",
    "Update: I now manage my former work friend",
    "It has been three months. We had the awkward conversation in the first week, over coffee rather "
    "than in a meeting room, and it helped more than anything else. We still have lunch, but never "
    "about the team.",
    "Thank you for writing back. Having the conversation early, and somewhere that felt like the old "
    "friendship, is exactly what makes the rest possible. Lunch without shop talk is a good rule.",
)


def _follow_up(posts: list[Post], *, editor: User) -> None:
    slug, title, letter, answer = FOLLOW_UP
    original = next((post for post in posts if post.slug == slug), None)
    if original is None or original.follow_ups.exists():
        return
    if original.source_question is None:
        original.source_question = Question.objects.create(
            title=original.title,
            body=original.question,
            consent_to_publish=True,
            status=Question.Status.ANSWERED,
        )
        original.save(update_fields=["source_question"])
    update = Question.objects.create(
        title=f"Update: {original.title}",
        body=letter,
        consent_to_publish=True,
        status=Question.Status.ANSWERED,
        update_of=original.source_question,
    )
    published_at = original.published_at + timedelta(days=92)
    Post.objects.create(
        title=title,
        slug=slugify(title),
        question=letter,
        question_html=render_markdown(letter),
        answer=answer,
        answer_html=render_markdown(answer),
        category=original.category,
        editor=editor,
        status=Post.Status.PUBLISHED,
        published_at=published_at,
        created_at=published_at,
        source_question=update,
        follow_up_of=original,
    )


DEMO_POLL = ("counteroffer-or-not", ["Take the counteroffer", "Take the new job", "Ask for a week to decide"])


def _poll(posts: list[Post]) -> None:
    """An open poll on the counteroffer letter, with a few votes from earlier readers."""
    slug, options = DEMO_POLL
    post = next((post for post in posts if post.slug == slug), None)
    if post is None or Poll.objects.filter(post=post).exists():
        return
    poll = poll_save(post=post, question="", options=options)
    for number, votes in enumerate([7, 19, 11]):
        option = poll.options.order_by("position")[number]
        for voter in range(votes):
            address = f"198.51.{number}.{voter}"  # earlier readers, each from their own network
            poll_vote(
                poll=poll, option_id=option.pk, voter=f"demo-voter-{number}-{voter}", ip_address=address
            )
