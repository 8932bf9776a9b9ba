#pragma once

#include "siteurl.h"

#include <QObject>
#include <QSslCertificate>

class QTimer;

namespace infrastage::runtime {

class Orchestrator;

// One new visitor's request during `chaos`: resolves the site's name through the design's DNS
// (a visitor without the name cached; a name server silent for 400 ms is passed over for the
// next one holding the name), goes where the answer points, over HTTPS when the load
// balancer redirects HTTP there (as a browser does once it has seen the redirect), trusting the
// run's own certificate, and reports whether a 2xx answer arrived within the time allowed, and
// if not, why.
// A read is GET /api/guestbook, a write POST /api/guestbook. Deletes itself after `done`.
class ChaosProbe final : public QObject {
    Q_OBJECT

public:
    ChaosProbe(const Orchestrator &orchestrator, const QByteArray &host, bool write,
               const QList<QSslCertificate> &trusted, int timeoutMs, QObject *parent = nullptr);

    void start();

signals:
    // `why`: what went wrong when not ok ("HTTP 502", "no DNS answer", "Connection refused").
    void done(bool ok, const QString &why);

private:
    void resolve(); // asks the next name server
    void exchange(const QString &answer);
    void finish(bool ok, const QString &why = QString());

    const Orchestrator &m_orchestrator;
    SiteUrl m_url;
    bool m_write;
    QList<QSslCertificate> m_trusted;
    int m_timeoutMs;
    QTimer *m_deadline;
    QList<const Endpoint *> m_nameServers; // still to ask
    bool m_finished = false;
};

} // namespace infrastage::runtime
