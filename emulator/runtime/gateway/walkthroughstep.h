#pragma once

#include "runtimeevent.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace infrastage::runtime {

// The five steps of the reference design's narration, in its order.
enum class WalkthroughStage {
    Dns = 1,      // DNS resolution: the browser asks for www.foobar.com
    Balancer = 2, // load balancer choice: HAProxy picks a server
    Server = 3,   // server processing: Nginx serves a file or hands over to the application
    Database = 4, // database operation: the application reads or writes MySQL
    Response = 5, // response path: the answer travels back to the browser
};

QString walkthroughStageTitle(WalkthroughStage stage); // "DNS resolution", ...

// One hop event of a request's walkthrough, as a player shows it: where it happened, across
// which link, when, its caption filled with the real data, and what crossed the hop.
struct WalkthroughStep {
    WalkthroughStage stage = WalkthroughStage::Server;
    QString node;     // where it happened: a node id, or "browser" for the client
    QString from, to; // the hop: the nodes at both ends; both empty for work inside `node`
    QString kind;     // the event kind (events/eventkind.h); empty for the browser's own steps
    QString caption;  // "lb: chose server-1-web on server-1 at 127.168.1.10:8081 (roundrobin...)"
    qint64 t = 0;     // CLOCK_MONOTONIC ns
    double offsetMs = 0; // since the walkthrough began (the DNS question)
    QString trace;
    // What crossed the hop into the node and out of it, as far as the event knows: the HTTP
    // request/response line and headers ("received" / "forwarded" with detail on), the DNS
    // question and answer, the database statement and its result.
    QJsonObject inbound;
    QJsonObject outbound;
    QJsonObject details; // the event's own details, unabridged
    // Time the node itself spent on the request, when the event says (duration_us, us,
    // server_us: the rest of the gap between two hops is the wire and the queues); -1 if not.
    double nodeMs = -1;

    // The step of `event` (a node of `role`), `previousNode` being where the request was last.
    static WalkthroughStep fromEvent(const RuntimeEvent &event, const QString &role,
                                     const QString &previousNode, qint64 startNs);
    QJsonObject toJson() const;
};

// The browser: the client end of every walkthrough.
inline constexpr QLatin1String BrowserNode{"browser"};

} // namespace infrastage::runtime

Q_DECLARE_METATYPE(infrastage::runtime::WalkthroughStep)
