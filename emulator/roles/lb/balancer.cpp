#include "balancer.h"
#include "fastevent.h"

namespace infrastage::roles::lb {

Balancer::Balancer(QList<BackendServer> *servers, const QString &algorithm)
    : m_servers(servers)
    , m_algorithm(algorithm)
    , m_skipFull(algorithm != QLatin1String("source")) {}

Balancer::Candidates Balancer::candidates(const QSet<int> &exclude, bool *backup,
                                          bool *full) const {
    Candidates active;
    Candidates backups;
    // Backups serve only when no active server is UP, full or not, and failed or not: as in
    // HAProxy, a request redispatched after a connection failure stays among the active
    // servers (the same one, if it is the only one) until the checks have it DOWN.
    int activeUp = 0;
    bool sawFull = false;
    for (int i = 0; i < m_servers->size(); ++i) {
        const BackendServer &s = m_servers->at(i);
        if (!s.up || s.config.weight == 0)
            continue;
        if (s.config.backup) {
            if (!exclude.contains(i))
                backups.append(i);
            continue;
        }
        ++activeUp;
        if (exclude.contains(i))
            continue;
        if (m_skipFull && s.full())
            sawFull = true;
        else
            active.append(i);
    }
    *backup = activeUp == 0 && !backups.isEmpty();
    *full = false;
    if (activeUp > 0) {
        *full = active.isEmpty() && sawFull;
        return active;
    }
    if (!backups.isEmpty()) {
        // HAProxy without "option allbackups": the first backup.
        *full = m_skipFull && m_servers->at(backups.first()).full();
        return *full ? Candidates() : Candidates{backups.first()};
    }
    return {};
}

Balancer::Choice Balancer::choose(const QHostAddress &client, const QSet<int> &exclude) {
    bool backup = false;
    bool full = false;
    Candidates c = candidates(exclude, &backup, &full);
    if (c.isEmpty() && !full && !exclude.isEmpty())
        c = candidates(QSet<int>(), &backup, &full); // nothing else left: retry a failed one
    if (c.isEmpty() && full)
        return {-1, m_explain ? QStringLiteral("every UP server is at its maxconn") : QString(),
                true};
    if (c.isEmpty())
        return {-1, QStringLiteral("no server is UP")};
    Choice choice;
    if (backup) {
        choice.index = c.first();
        if (m_explain)
            choice.reason = QStringLiteral("backup: no active server is UP, using backup %1")
                                .arg(m_servers->at(c.first()).config.id);
    } else if (m_algorithm == QLatin1String("leastconn")) {
        choice = leastConn(c);
    } else if (m_algorithm == QLatin1String("source")) {
        choice = source(c, client);
    } else {
        choice = roundRobin(c);
    }
    if (!exclude.isEmpty() && m_explain) {
        choice.reason = QStringLiteral("redispatch (after %1 failed): ")
                            .arg(m_servers->at(*exclude.begin()).config.id) +
                        choice.reason;
        choice.reasonField.clear(); // the text is no longer the one made once
    }
    return choice;
}

Balancer::Choice Balancer::roundRobin(const Candidates &c) {
    // Smooth weighted round robin: equal weights alternate exactly; unequal ones interleave.
    int total = 0;
    int best = -1;
    bool equal = true;
    for (int i : c) {
        BackendServer &s = (*m_servers)[i];
        total += s.config.weight;
        s.swrrCurrent += s.config.weight;
        if (s.config.weight != m_servers->at(c.first()).config.weight)
            equal = false;
        if (best < 0 || s.swrrCurrent > m_servers->at(best).swrrCurrent)
            best = i;
    }
    (*m_servers)[best].swrrCurrent -= total;
    if (!m_explain) {
        m_last = best;
        return {best, QString()};
    }
    const int last = m_last;
    const auto after = [&]() -> QString {
        return last >= 0 ? QLatin1String("next after ") + m_servers->at(last).config.id
                         : QStringLiteral("first request");
    };
    m_last = best;
    if (equal) {
        // The text depends on the previous server only: made once per server, not per request.
        if (last < 0)
            return {best, QLatin1String("roundrobin: ") + after()};
        if (m_rrReasons.size() != m_servers->size()) {
            m_rrReasons = QList<QString>(m_servers->size());
            m_rrReasonFields = QList<QByteArray>(m_servers->size());
        }
        QString &reason = m_rrReasons[last];
        if (reason.isEmpty()) {
            reason = QLatin1String("roundrobin: ") + after();
            m_rrReasonFields[last] = FastEvent::field("reason", reason);
        }
        return {best, reason, false, m_rrReasonFields[last]};
    }
    return {best, QStringLiteral("roundrobin: weight %1 of %2, %3")
                      .arg(m_servers->at(best).config.weight)
                      .arg(total)
                      .arg(after())};
}

Balancer::Choice Balancer::leastConn(const Candidates &c) {
    // Fewest in flight per unit of weight; ties rotate so equal servers share the load.
    const int n = int(c.size());
    int best = -1;
    for (int k = 0; k < n; ++k) {
        const int i = c.at((m_lcStart + k) % n);
        if (best < 0) {
            best = i;
            continue;
        }
        const BackendServer &a = m_servers->at(i);
        const BackendServer &b = m_servers->at(best);
        if (qint64(a.inFlight) * b.config.weight < qint64(b.inFlight) * a.config.weight)
            best = i;
    }
    m_lcStart = (m_lcStart + 1) % n;
    if (!m_explain)
        return {best, QString()};
    QStringList others;
    for (int i : c)
        if (i != best)
            others << QStringLiteral("%1: %2")
                          .arg(m_servers->at(i).config.id)
                          .arg(m_servers->at(i).inFlight);
    QString reason = QStringLiteral("leastconn: %1 in flight").arg(m_servers->at(best).inFlight);
    if (!others.isEmpty())
        reason += QStringLiteral(" (%1)").arg(others.join(QStringLiteral(", ")));
    return {best, reason};
}

Balancer::Choice Balancer::source(const Candidates &c, const QHostAddress &client) const {
    // HAProxy's "balance source": a hash of the client address over the weighted server map.
    quint32 h = client.toIPv4Address();
    // Bob Jenkins' full avalanche, as HAProxy's full_hash().
    h = (h + 0x7ed55d16) + (h << 12);
    h = (h ^ 0xc761c23c) ^ (h >> 19);
    h = (h + 0x165667b1) + (h << 5);
    h = (h + 0xd3a2646c) ^ (h << 9);
    h = (h + 0xfd7046c5) + (h << 3);
    h = (h ^ 0xb55a4f09) ^ (h >> 16);
    int total = 0;
    for (int i : c)
        total += m_servers->at(i).config.weight;
    int slot = int(h % quint32(total));
    int chosen = c.first();
    for (int i : c) {
        slot -= m_servers->at(i).config.weight;
        if (slot < 0) {
            chosen = i;
            break;
        }
    }
    if (!m_explain)
        return {chosen, QString()};
    return {chosen, QStringLiteral("source: hash of %1 -> %2")
                        .arg(client.toString(), m_servers->at(chosen).config.id)};
}

} // namespace infrastage::roles::lb
