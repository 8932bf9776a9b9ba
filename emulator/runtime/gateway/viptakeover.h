#pragma once

#include "orchestrator.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace infrastage::runtime {

// Waits, after the MASTER of a VIP group was killed, until another member has bound the VIP
// (its vrrp.vip_acquired event) or long enough that it never will: chaos measures a pair once
// its takeover is done, and says how long that took.
class VipTakeover final : public QObject {
    Q_OBJECT

public:
    VipTakeover(Orchestrator *orchestrator, QString killed, QObject *parent = nullptr);

    // Whether killing `node` moves a VIP: it starts as MASTER of a group with other members.
    static bool moves(const Orchestrator &orchestrator, const QString &node);
    // Where clients reach load balancer `node`: its VIP if it shares one, else its own address.
    static NodeInfo frontDoor(const Orchestrator &orchestrator, const QString &node);

    void start();

signals:
    // tookOver false: nobody bound the VIP within 4 x advert_int + 3 s. `text` says what happened.
    void finished(bool tookOver, const QString &text);

private:
    void onEvent(const RuntimeEvent &e);

    Orchestrator *m_orchestrator;
    QString m_killed;
    QStringList m_members;
    QTimer m_timeout;
    QElapsedTimer m_clock;
};

} // namespace infrastage::runtime
