#pragma once

#include "firewallgate.h"

#include <QString>

namespace infrastage::firewall {

// A listening server (QTcpServer, QSslServer) whose every incoming connection passes the
// process's FirewallGate before Qt sees it: a refused one never reaches the pending list, a
// TLS handshake or the role.
template <class Base> class GatedServer final : public Base {
public:
    using Base::Base;
    // Which of the node's listeners this is, for the design port the rules name.
    void setFirewallListener(const QString &name) { m_listener = name; }

protected:
    void incomingConnection(qintptr fd) override {
        if (FirewallGate::process().admit(fd, m_listener))
            Base::incomingConnection(fd);
    }

private:
    QString m_listener = QStringLiteral("listen");
};

} // namespace infrastage::firewall
