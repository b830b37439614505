"""The data model, one module per area; importing this registers every table."""

from lms.models.audit import AuditEvent
from lms.models.base import Base
from lms.models.campaign import (
    Campaign,
    CampaignCourse,
    CampaignTarget,
    Notification,
    SmsState,
)
from lms.models.certificate import Certificate
from lms.models.course import CatalogueChange, Course, CourseStatus, Lesson
from lms.models.credit import CreditAudit, CreditClaim, CreditEntry, CreditKind
from lms.models.org import Organisation, OrgKind
from lms.models.outbox import OutboxChannel
from lms.models.person import (
    ApiToken,
    Person,
    PersonRole,
    Role,
    SignInFailure,
    UsedLaunchToken,
)
from lms.models.points import (
    BatchStatus,
    DeliveryState,
    PointsBatch,
    PointsDelivery,
)
from lms.models.progress import LessonProgress, ProgressEvent
from lms.models.quiz import Quiz, QuizAttempt, QuizVersion
from lms.models.union import (
    CourseCompletion,
    MemberCourseStat,
    MemberMove,
    MemberStat,
    OrgProfile,
    UnionCount,
)
from lms.models.video import JobKind, JobState, LessonVideo, TranscodeJob
from lms.models.xapi import XapiState, XapiStatement

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Base",
    "CatalogueChange",
    "Course",
    "CourseStatus",
    "CreditAudit",
    "CreditClaim",
    "CreditEntry",
    "CreditKind",
    "Lesson",
    "LessonProgress",
    "ProgressEvent",
    "Organisation",
    "OrgKind",
    "Person",
    "PersonRole",
    "Role",
    "SignInFailure",
    "UsedLaunchToken",
    "BatchStatus",
    "DeliveryState",
    "PointsBatch",
    "PointsDelivery",
    "OutboxChannel",
    "Quiz",
    "QuizAttempt",
    "QuizVersion",
]
__all__ += [
    "Campaign",
    "CampaignCourse",
    "CampaignTarget",
    "Notification",
    "SmsState",
    "CourseCompletion",
    "MemberCourseStat",
    "MemberMove",
    "MemberStat",
    "OrgProfile",
    "UnionCount",
]
__all__ += ["Certificate", "XapiState", "XapiStatement"]
__all__ += ["JobKind", "JobState", "LessonVideo", "TranscodeJob"]

from lms.models.studio import LessonDraft, StudioAudit  # noqa: E402

__all__ += ["LessonDraft", "StudioAudit"]

from lms.models.password_reset import PasswordReset  # noqa: E402

__all__ += ["PasswordReset"]

from lms.models.station_class import (  # noqa: E402
    CheckResult,
    ClassSignup,
    PracticalCheck,
    SignupState,
    StationClass,
)

__all__ += [
    "CheckResult",
    "ClassSignup",
    "PracticalCheck",
    "SignupState",
    "StationClass",
]
