import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from forum.markup import render_markdown
from posts.models import Category, Post, Question, Tag
from posts.services import post_search_tags_update
from tests.roles import ensure_roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"reader{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.Faker("name")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """second_factor=True adds a TOTP authenticator: staff permissions are inert without one."""
        if create and extracted:
            with_totp(self)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda c: slugify(c.name))


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"topic {n}")
    slug = factory.LazyAttribute(lambda t: slugify(t.name))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    title = factory.Sequence(lambda n: f"My manager keeps asking question {n}")
    body = "A reader's letter about a workplace puzzle."
    name = "Pat"
    email = factory.Sequence(lambda n: f"asker{n}@example.com")
    consent_to_publish = True


class PostFactory(factory.django.DjangoModelFactory):
    """A published post; pass status=Post.Status.DRAFT and published_at=None for a draft."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Should I answer the recruiter, part {n}?")
    slug = factory.LazyAttribute(lambda p: slugify(p.title))
    question = "My coworker sends me endless invitations. What do I do?"
    question_html = factory.LazyAttribute(lambda p: render_markdown(p.question))
    answer = "Say no, **kindly**, and mean it."
    answer_html = factory.LazyAttribute(lambda p: render_markdown(p.answer))
    category = factory.SubFactory(CategoryFactory)
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            post_search_tags_update(post=self)


def verified(user: User) -> User:
    """`user` with a verified primary e-mail address, which commenting asks for."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def with_totp(user: User) -> User:
    """`user` with a TOTP authenticator: staff pages ask for a second factor (StaffMFARequiredMiddleware)."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused-in-tests"})
    return user


def staff(user: User, group: str) -> User:
    """`user` in the role group `group` ("Editors", "Moderators"), with the second factor staff need."""
    ensure_roles()  # a transactional test's flush removes the groups the migrations made
    user.groups.add(Group.objects.get(name=group))
    return with_totp(user)


SIGN_UP_PASSWORD = "a long and unusual passphrase 42"


def sign_up(client, django_capture_on_commit_callbacks, username="newreader", email="new@example.com"):
    """An account made through the sign-up form, as a reader makes one (its mails sent); the response."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "username": username,
                "email": email,
                "password1": SIGN_UP_PASSWORD,
                "password2": SIGN_UP_PASSWORD,
            },
        )
    assert response.status_code == 302
    return response
