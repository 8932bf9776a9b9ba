#include "role.h"

#include "eventemitter.h"
#include "events/eventkind.h"

#include <QMap>

namespace infrastage::roles {

namespace {
QMap<QString, RoleFactory> &registry() {
    static QMap<QString, RoleFactory> map;
    return map;
}
} // namespace

RoleRegistration::RoleRegistration(const char *name, RoleFactory factory) {
    registry().insert(QString::fromLatin1(name), std::move(factory));
}

std::unique_ptr<Role> createRole(const QString &name) {
    const RoleFactory f = registry().value(name);
    return f ? f() : nullptr;
}

QStringList roleNames() {
    return registry().keys();
}

void Role::control(const QJsonObject &command) {
    EventEmitter::emitEvent(EventKind::ControlIgnored,
                            QJsonObject{{QStringLiteral("command"), command}});
}

} // namespace infrastage::roles
