"""Object-level permissions by policy: one place answers "which instances may this user reach".

Wagtail's model permissions say what a group may do with a *kind* of object.
Partners and programme operators share one admin with the secretariat, so
each partner- or operator-scoped model registers a ``ScopedPermissionPolicy``
(``wagtail.permissions.register_permission_policy``) that narrows those model
permissions to the instances the user's organisation owns. Deny by default:
a user is either unrestricted (a superuser or a member of one of the policy's
``unrestricted_groups``) or reaches only what ``scope`` returns, which is
nothing for a user who belongs to no organisation.

Wagtail drives its snippet API, choosers, workflow queries and the admin URL
finder from the policy directly. The generic admin views (listings, history,
usage, revisions, compare, preview, workflow, lock, delete, exports) and the
bulk actions load objects without asking for instances, so
``PolicyScopedViewSetMixin`` and ``scope_bulk_actions`` route them through
the same policy; no view carries its own scoping rule.
"""

from django.db.models import Model
from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

# Everything a scoped user could do with an instance: reaching it for any of these is "seeing" it.
ANY_ACTION = ("view", "change", "delete", "publish", "unpublish", "lock", "unlock", "choose")


def group_names(user):
    """The user's group names, read once per request (cached on the user object)."""
    if not hasattr(user, "_group_names_cache"):
        user._group_names_cache = frozenset(user.groups.values_list("name", flat=True))
    return user._group_names_cache


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions narrowed to the instances ``scope`` lets the user reach."""

    #: Groups whose members reach every instance (the secretariat).
    unrestricted_groups = ()

    #: Switched off only by the test that proves the crawler catches a leak.
    enabled = True

    def is_unrestricted(self, user):
        if not ScopedPermissionPolicy.enabled:
            return True
        if not user.is_authenticated:
            return False
        return user.is_superuser or bool(group_names(user) & set(self.unrestricted_groups))

    def restricts(self, user):
        """True for a signed-in user who reaches only part of this model."""
        return user.is_authenticated and not self.is_unrestricted(user)

    def scope(self, user, queryset):
        """``queryset`` narrowed to the user's own instances (empty when the user owns none)."""
        raise NotImplementedError

    def scoped(self, user, queryset):
        return queryset if self.is_unrestricted(user) else self.scope(user, queryset)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.scoped(user, super().instances_user_has_any_permission_for(user, actions))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if self.is_unrestricted(user) or instance.pk is None:
            return True
        return self.scope(user, self.model._default_manager.filter(pk=instance.pk)).exists()

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        return users.filter(
            pk__in=[
                user.pk
                for user in users
                if self.user_has_any_permission_for_instance(user, actions, instance)
            ]
        )


def policy_for(model):
    return policy_registry.get_by_type(model)


def reachable(user, queryset):
    """``queryset`` limited to what the model's policy lets ``user`` reach by any action."""
    policy = policy_for(queryset.model)
    if isinstance(policy, ScopedPermissionPolicy):
        return policy.scoped(user, queryset)
    return queryset


def can_reach(user, obj):
    policy = policy_for(type(obj))
    if isinstance(policy, ScopedPermissionPolicy):
        return policy.is_unrestricted(user) or policy.user_has_any_permission_for_instance(
            user, ANY_ACTION, obj
        )
    return True


def is_scoped_user(user):
    """True when a scoped policy grants ``user`` a model permission but restricts it to some instances.

    Partners and programme operators are such users; they are kept out of the
    Wagtail views that no policy drives (the reports).
    """
    if not user.is_authenticated or user.is_superuser:
        return False
    return any(
        policy.restricts(user) and policy.user_has_any_permission(user, ANY_ACTION)
        for policy in _scoped_policies
    )


_scoped_policies = []


def scoped_policies():
    return list(_scoped_policies)


def register_scoped_policy(policy):
    """Register ``policy`` with Wagtail for its model (call from the app's ``wagtail_hooks``)."""
    register_permission_policy(policy.model, policy)
    _scoped_policies.append(policy)
    return policy


class PolicyScopedViewMixin:
    """Every object a generic admin view loads or lists goes through the model's policy.

    Wagtail's generic views check model permissions only. Each view that loads
    an object by id goes through ``get_object`` (choosers through
    ``get_objects``/``get_object_list``), listings and exports through
    ``get_base_queryset``; narrowing there covers edit, inspect, history,
    revisions, compare, preview, usage, lock, workflow and delete alike.
    """

    def get_base_queryset(self):
        return reachable(self.request.user, super().get_base_queryset())

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if isinstance(obj, Model) and not can_reach(self.request.user, obj):
            raise Http404
        return obj

    def get_object_list(self, *args, **kwargs):
        return reachable(self.request.user, super().get_object_list(*args, **kwargs))

    def get_objects(self, *args, **kwargs):
        return reachable(self.request.user, super().get_objects(*args, **kwargs))


_scoped_view_classes = {}


def scoped_view(view_class):
    """``view_class`` with ``PolicyScopedViewMixin`` in front (one subclass per class)."""
    if view_class not in _scoped_view_classes:
        _scoped_view_classes[view_class] = type(
            f"Scoped{view_class.__name__}", (PolicyScopedViewMixin, view_class), {}
        )
    return _scoped_view_classes[view_class]


class PolicyScopedViewSetMixin:
    """A viewset (model, snippet or chooser) whose every view is policy-scoped, present and future."""

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(scoped_view(view_class), **kwargs)


def _policy_scoped_actionable_objects(get_actionable_objects):
    def get_scoped_actionable_objects(self):
        objects, extra = get_actionable_objects(self)
        policy = policy_for(self.model)
        candidates = [*objects, *extra.get("items_with_no_access", [])]
        allowed = set(
            policy.instances_user_has_any_permission_for(self.request.user, ANY_ACTION)
            .filter(pk__in=[obj.pk for obj in candidates])
            .values_list("pk", flat=True)
        )
        if candidates and not allowed:
            raise Http404
        extra = {
            **extra,
            "items_with_no_access": [
                obj for obj in extra.get("items_with_no_access", []) if obj.pk in allowed
            ],
        }
        return [obj for obj in objects if obj.pk in allowed], extra

    get_scoped_actionable_objects.policy_scoped = True
    return get_scoped_actionable_objects


def scope_bulk_actions():
    """Make every bulk action, Wagtail's and ours, list and act only on instances the policy allows.

    ``BulkAction.get_queryset`` is a classmethod without the user, and the
    confirmation page names even the items the user may not act on, so
    ``?id=all`` used to list every object of the model. Filtering the
    actionable objects here covers snippets, pages, documents and images, and
    any bulk action registered later, through the model's registered policy.
    """
    from wagtail.admin.views.bulk_action import BulkAction

    if not getattr(BulkAction.get_actionable_objects, "policy_scoped", False):
        BulkAction.get_actionable_objects = _policy_scoped_actionable_objects(
            BulkAction.get_actionable_objects
        )


class RestrictedCollectionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection permissions, minus the collections closed to the user by a privacy setting.

    Wagtail grants "choose" on the root collection to every admin group, so a
    partner could pick (and read the titles of) every document and image. A
    collection with a privacy restriction ("事務局限定" for instance) is closed,
    with everything below it, to anyone outside the restriction's groups; a
    password or login restriction closes it to partners and operators.
    """

    def closed_collection_ids(self, user):
        if not user.is_authenticated:
            return None
        if user.is_superuser:
            return set()
        if not hasattr(user, "_closed_collections_cache"):
            from wagtail.models import Collection, CollectionViewRestriction

            mine = group_names(user)
            scoped = is_scoped_user(user)
            closed = set()
            for restriction in CollectionViewRestriction.objects.select_related(
                "collection"
            ).prefetch_related("groups"):
                if restriction.restriction_type == CollectionViewRestriction.GROUPS:
                    allowed = mine & {group.name for group in restriction.groups.all()}
                else:
                    allowed = not scoped
                if not allowed:
                    closed.update(
                        Collection.objects.descendant_of(
                            restriction.collection, inclusive=True
                        ).values_list("pk", flat=True)
                    )
            user._closed_collections_cache = closed
        return user._closed_collections_cache

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        closed = self.closed_collection_ids(user)
        return instances.exclude(collection_id__in=closed) if closed else instances

    def user_has_any_permission_for_instance(self, user, actions, instance):
        closed = self.closed_collection_ids(user) or set()
        return (
            instance.collection_id not in closed
            and super().user_has_any_permission_for_instance(user, actions, instance)
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


def register_collection_policies():
    """Documents and images: Wagtail's own policy arguments, with restricted collections closed."""
    from wagtail.documents import get_document_model, get_document_model_string
    from wagtail.images import get_image_model, get_image_model_string

    register_permission_policy(
        get_document_model(),
        RestrictedCollectionPolicy(
            get_document_model_string(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        ),
        # Exact-class entries win over the ones Wagtail registers in its apps' ready().
        exact_class=True,
    )
    register_permission_policy(
        get_image_model(),
        RestrictedCollectionPolicy(
            get_image_model_string(),
            auth_model="wagtailimages.Image",
            owner_field_name="uploaded_by_user",
        ),
        # Exact-class entries win over the ones Wagtail registers in its apps' ready().
        exact_class=True,
    )
