#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace infrastage::roles {

// One role of infrastage-node (dns, lb, web, app, db, ...): a real server started from a JSON
// configuration written by the orchestrator. A role reports readiness and every hop through
// EventEmitter (stdout, JSON lines) and takes control commands (faults) from stdin.
class Role : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;
    ~Role() override = default;

    // Binds and starts serving. On failure returns false with a reason; the process then exits 1.
    // On success the role calls EventEmitter::ready() once it accepts work.
    virtual bool start(const QJsonObject &config, QString *error) = 0;

    // A control command from the orchestrator (one JSON object per stdin line), e.g.
    // {"cmd":"slow","ms":200}. Commands a role does not know are reported and ignored.
    virtual void control(const QJsonObject &command);

    // Called on SIGTERM before the process exits; close listeners, flush data.
    virtual void stop() {}
};

using RoleFactory = std::function<std::unique_ptr<Role>()>;

// Each role registers itself from its own file: static RoleRegistration r("dns", [] {...});
struct RoleRegistration {
    RoleRegistration(const char *name, RoleFactory factory);
};

std::unique_ptr<Role> createRole(const QString &name);
QStringList roleNames();

} // namespace infrastage::roles
