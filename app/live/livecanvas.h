#pragma once

#include "canvas/diagramscene.h"
#include "canvasstate.h"
#include "gateway/nodestatus.h"
#include "gateway/walkthroughstep.h"
#include "livetagitem.h"
#include "runtimeevent.h"

#include "model/topologydata.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

class QTimer;

namespace infrastage::gui {

class DiagramScene;
class RequestToken;
class TrafficParticles;

// The live look of the canvas while a design runs: each node's status (starting, up, down,
// frozen, slowed, fenced, failed over), each load balancer -> server link's health (UP / DOWN
// and the check that decided it), a failure badge where a request died and why, each link's
// measured traffic (requests/s, p95 latency, error %; switchable), and the token of a single
// request moving across the hops its trace names. Everything comes from the run's events.
class LiveCanvas final : public QObject {
    Q_OBJECT

public:
    explicit LiveCanvas(DiagramScene *scene, QObject *parent = nullptr);
    ~LiveCanvas() override;

    // The design that is starting: the canvas shows it as live from now on.
    void begin(const TopologyData &running);
    // Back to the design look.
    void end();
    bool isLive() const { return m_live; }

    void setNodeStatus(const QString &node, runtime::NodeStatus status);
    // Marks a node that keeps the design from running, with the reason, until the next end().
    void flagNode(const QString &node, const QString &reason);
    void addEvents(const QList<runtime::RuntimeEvent> &events);

    // A replay: the canvas shows what a recording says, at the recording's pace; no clock of
    // its own. Ended by end().
    void beginReplay(const TopologyData &recorded);
    bool isReplay() const { return m_replay; }
    // Shows `state` as it is (a replay's state at the moment it reached).
    void showState(const CanvasState &state);
    const CanvasState &state() const { return m_state; }

    // The status of a node process; Stopped for a node that runs no process.
    runtime::NodeStatus nodeStatus(const QString &node) const {
        return m_state.nodes().value(node).status;
    }
    bool runsProcess(const QString &node) const { return m_state.nodes().contains(node); }

    // What a link's traffic tag shows (View ▸ Link Labels), any mix; all three by default.
    enum LinkLabel { LabelRate = 1, LabelLatency = 2, LabelErrors = 4 };
    void setLinkLabels(int labels);
    int linkLabels() const { return m_labels; }

    // What a node's or a link's tag says now ("" when none): for tests and tooltips.
    QString nodeTag(const QString &node) const;
    QString linkTag(const QString &link) const;
    int particles() const; // dots of a load's traffic on screen now
    // The link a hop between two running nodes takes ("" when the design has none).
    QString linkBetween(const QString &from, const QString &to) const;

    // Moves the request's token across the step's hop (or rests it on the step's node).
    void showStep(const runtime::WalkthroughStep &step);
    void hideToken();
    // The hops the token crossed since the last hideToken(), as link ids, in order.
    const QStringList &tokenPath() const { return m_tokenPath; }

private:
    void refreshChanged();
    void refreshTraffic();
    void refreshNode(const QString &node);
    void refreshLink(const QString &link);
    void tick();
    void cacheNodes(bool on);
    LiveTagItem *nodeTagItem(const QString &node);
    LiveTagItem *linkTagItem(const QString &link);

    QPointer<DiagramScene> m_scene; // may go first when the window closes
    CanvasState m_state;
    bool m_live = false;
    bool m_replay = false;
    // Children of the scene's items: they go when their item goes.
    QHash<QString, QPointer<LiveTagItem>> m_nodeTags;
    QHash<QString, QPointer<LiveTagItem>> m_linkTags;
    QTimer *m_tick;
    RequestToken *m_token = nullptr;
    TrafficParticles *m_particles = nullptr;
    QStringList m_tokenPath;
    QSet<QString> m_tokenCrossings; // link id + direction already crossed
    QElapsedTimer m_clock;
    int m_labels = LabelRate | LabelLatency | LabelErrors;
};

} // namespace infrastage::gui
