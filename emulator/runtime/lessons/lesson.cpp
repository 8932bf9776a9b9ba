#include "lesson.h"

namespace infrastage::runtime {

QString LessonAction::describe() const {
    switch (kind) {
    case LessonActionKind::None:
        return QString();
    case LessonActionKind::Request:
        return QStringLiteral("%1 %2").arg(QString::fromLatin1(method), url);
    case LessonActionKind::Load:
        return QStringLiteral("load %1 requests/s for %2 s on %3").arg(rate).arg(seconds).arg(url);
    case LessonActionKind::Fault:
        return fault.describe();
    case LessonActionKind::Wait:
        return QStringLiteral("wait %1 s").arg(seconds);
    }
    return QString();
}

} // namespace infrastage::runtime
