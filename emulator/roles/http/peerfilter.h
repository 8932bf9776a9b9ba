#pragma once

#include <QHash>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QSet>

namespace infrastage::http {

// The peers a role has been told to cut off or impair ({"cmd":"cut","peer":"127.168.1.10"},
// {"cmd":"delay",...,"ms":N}, {"cmd":"loss",...,"percent":P}): connections from a cut peer are
// refused at accept, connections to it fail as refused; requests from a delayed peer wait N ms
// more, and P % of those from a lossy peer (and of health checks to it) are dropped.
class PeerFilter final {
public:
    void cut(const QHostAddress &peer) { m_cut.insert(key(peer)); }
    void heal(const QHostAddress &peer) { m_cut.remove(key(peer)); }
    bool isCut(const QHostAddress &peer) const {
        return !m_cut.isEmpty() && m_cut.contains(key(peer));
    }
    bool empty() const { return m_cut.isEmpty(); }

    // 0 removes the delay (loss).
    void setDelay(const QHostAddress &peer, int ms) { set(&m_delayMs, peer, ms); }
    void setLoss(const QHostAddress &peer, int percent) { set(&m_lossPercent, peer, percent); }
    bool impaired() const { return !m_delayMs.isEmpty() || !m_lossPercent.isEmpty(); }
    int delayMs(const QHostAddress &peer) const {
        return m_delayMs.isEmpty() ? 0 : m_delayMs.value(key(peer));
    }
    // Draws whether this request (check) with `peer` is lost.
    bool drops(const QHostAddress &peer) const {
        const int p = m_lossPercent.isEmpty() ? 0 : m_lossPercent.value(key(peer));
        return p > 0 && int(QRandomGenerator::global()->bounded(100)) < p;
    }

    // The design's connection to the internet ({"cmd":"internet","reachable":false} when every
    // network link between the clients and this entry point is cut): while it is down,
    // connections from outside the design (any address not in `inside`) are refused as well.
    void setInternet(bool reachable, const QSet<QString> &inside) {
        m_internetDown = !reachable;
        m_inside = inside;
    }
    // Whether a connection arriving from `peer` is refused: a cut peer, or the internet.
    bool refuses(const QHostAddress &peer) const {
        return isCut(peer) || (m_internetDown && !m_inside.contains(key(peer)));
    }

private:
    static QString key(const QHostAddress &a) {
        bool ok = false;
        const quint32 v4 = a.toIPv4Address(&ok);
        return ok ? QHostAddress(v4).toString() : a.toString();
    }
    static void set(QHash<QString, int> *map, const QHostAddress &peer, int value) {
        if (value > 0)
            map->insert(key(peer), value);
        else
            map->remove(key(peer));
    }
    QSet<QString> m_cut;
    QHash<QString, int> m_delayMs;
    QHash<QString, int> m_lossPercent;
    QSet<QString> m_inside; // the design's own addresses, while the internet is cut off
    bool m_internetDown = false;
};

} // namespace infrastage::http
