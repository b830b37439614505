"""The data model, one module per area; importing this registers every table."""

from lms.models.base import Base
from lms.models.course import Course, CourseStatus, Lesson
from lms.models.credit import CreditAudit, CreditClaim, CreditEntry, CreditKind
from lms.models.org import Organisation, OrgKind
from lms.models.person import ApiToken, Person, PersonRole, Role, UsedLaunchToken
from lms.models.progress import LessonProgress, ProgressEvent

__all__ = [
    "ApiToken", "Base", "Course", "CourseStatus", "CreditAudit", "CreditClaim",
    "CreditEntry", "CreditKind", "Lesson", "LessonProgress", "ProgressEvent",
    "Organisation", "OrgKind", "Person", "PersonRole", "Role", "UsedLaunchToken",
]  # fmt: skip
