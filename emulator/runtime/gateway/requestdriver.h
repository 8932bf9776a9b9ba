#pragma once

#include "firewallmatcher.h"
#include "requestspec.h"
#include "siteurl.h"
#include "walkthrough.h"
#include "walkthroughsteps.h"

#include <QObject>

#include <memory>

namespace infrastage::dns {
struct Response;
}

namespace infrastage::runtime {

class DnsResolver;
class Orchestrator;

// Drives one request through a running design as a browser would: resolves the host through
// the design's DNS over UDP, sends the request with its own traceparent to the address the
// answer names, follows a redirect to HTTPS on the same site once, and turns the events of its
// trace into walkthrough steps as they arrive. Used through DesignGateway::sendRequest.
class RequestDriver final : public QObject {
    Q_OBJECT

public:
    RequestDriver(Orchestrator *orchestrator, RequestSpec spec, QObject *parent = nullptr);

    // False (with the reason) when the URL cannot be used; otherwise the signals follow.
    bool begin(QString *error);

signals:
    void step(const infrastage::runtime::WalkthroughStep &step);
    // `redirectedFrom` is empty unless the first answer was a redirect that was followed.
    void finished(const infrastage::runtime::Walkthrough &walkthrough,
                  const infrastage::runtime::Walkthrough &redirectedFrom);
    void failed(const QString &error);

private:
    void emitSteps(const QList<WalkthroughStep> &steps);
    void onEvent(const RuntimeEvent &event);
    bool isOurDns(const RuntimeEvent &event) const;
    void onResolved(const dns::Response &response, qint64 elapsedNs);
    void sendRequest();
    bool followRedirect();
    void settle();
    void finish();
    void fail(const QString &error);
    void report(const QString &error); // the browser.request event of a request done
    QList<RuntimeEvent> eventsOf(const QString &trace, bool withDns) const;
    QHash<QString, QString> roles() const;

    Orchestrator *m_orchestrator;
    RequestSpec m_spec;
    SiteUrl m_url;
    DnsResolver *m_resolver;
    Walkthrough::Dns m_dns;
    Walkthrough::Client m_client;
    Walkthrough::Client m_first; // the request that was redirected, if one was
    QList<RuntimeEvent> m_events;
    FirewallMatcher m_firewalls;               // decisions waiting for the hop they let in
    std::unique_ptr<WalkthroughSteps> m_steps; // of the current exchange, as events arrive
    qint64 m_redirectNs = 0;                   // when the redirected exchange began
    int m_dnsId = -1;
    QString m_dnsClient;
    QString m_targetNode; // the node the request was sent to
    bool m_done = false;
};

} // namespace infrastage::runtime
