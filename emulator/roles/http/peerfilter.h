#pragma once

#include <QHostAddress>
#include <QSet>

namespace infrastage::http {

// The peers a role has been told to cut off ({"cmd":"cut","peer":"127.168.1.10"}): connections
// from them are refused at accept, connections to them fail as refused.
class PeerFilter final {
public:
    void cut(const QHostAddress &peer) { m_cut.insert(key(peer)); }
    void heal(const QHostAddress &peer) { m_cut.remove(key(peer)); }
    bool isCut(const QHostAddress &peer) const {
        return !m_cut.isEmpty() && m_cut.contains(key(peer));
    }
    bool empty() const { return m_cut.isEmpty(); }

private:
    static QString key(const QHostAddress &a) {
        bool ok = false;
        const quint32 v4 = a.toIPv4Address(&ok);
        return ok ? QHostAddress(v4).toString() : a.toString();
    }
    QSet<QString> m_cut;
};

} // namespace infrastage::http
