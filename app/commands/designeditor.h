#pragma once

#include "analysis/finding.h"
#include "model/topologydata.h"

#include <QHash>
#include <QObject>
#include <QPointF>

class QUndoStack;

namespace infrastage {
class Topology;
}

namespace infrastage::gui {

// Every edit a user can make, turned into one undo command on the model. The canvas tools,
// the palette, the inspector, the findings and the menus all edit through here; nothing else
// pushes commands. Failures return false with a reason fit for the status bar.
class DesignEditor final : public QObject {
    Q_OBJECT

public:
    DesignEditor(Topology *topology, QUndoStack *undoStack, QObject *parent = nullptr);

    const TopologyData &data() const;

    // While a design runs, edits that would change what runs are refused with `reason`
    // (moving and arranging boxes still works); an empty reason lifts the lock.
    void setLocked(const QString &reason) { m_lockReason = reason; }
    bool isLocked() const { return !m_lockReason.isEmpty(); }

    // A node of `kind` centred on `scenePos`; a component kind dropped on a server joins it.
    // A server comes with its web server, application server and files.
    QString addNode(NodeKind kind, const QPointF &scenePos, QString *error = nullptr);
    // A link whose kind follows from its two ends; refused when no kind fits.
    QString connectNodes(const QString &from, const QString &to, QString *error = nullptr);
    bool canConnect(const QString &from, const QString &to, QString *error = nullptr) const;
    void remove(const QStringList &ids);

    // Moves hosts to new top-left positions; steps of one drag share a session number.
    int beginDrag() { return ++m_dragSession; }
    void moveNodes(const QHash<QString, QPointF> &positions, int session = 0,
                   const QString &text = QString());

    bool setNodeName(const QString &id, const QString &name, QString *error = nullptr);
    bool setNodeProperty(const QString &id, const QString &key, const QVariant &value,
                         QString *error = nullptr);
    // Whether `value` would be accepted, without applying it.
    bool checkNodeProperty(const QString &id, const QString &key, const QVariant &value,
                           QString *error) const;
    bool setLinkProperty(const QString &id, const QString &key, const QVariant &value,
                         QString *error = nullptr);

    // Moves a component (database, firewall, ...) into another server, links and all; the
    // components left behind close up.
    bool moveComponent(const QString &id, const QString &serverId, QString *error = nullptr);

    // Hosts are copied with their components; a component copied without its server is pasted
    // into `targetServer` (the selected server, say), and refused when there is none.
    void copy(const QStringList &ids);
    bool canPaste() const;
    QStringList paste(const QString &targetServer = QString()); // ids of the new nodes
    QStringList duplicate(const QStringList &ids);

    enum class Edge { Left, HCenter, Right, Top, VCenter, Bottom };
    void align(const QStringList &ids, Edge edge);
    void distribute(const QStringList &ids, Qt::Orientation orientation);
    bool autoLayout(QString *error = nullptr); // Tidy Layout: TidyLayout, one undo step

    bool applyFix(const Finding &finding, QString *error = nullptr);

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    QList<QString> hostIds(const QStringList &ids) const;
    QStringList pasteFragment(const TopologyData &fragment, const QString &text,
                              const QString &targetServer);
    bool fail(QString *error, const QString &message) const;
    bool refusedWhileLocked(QString *error = nullptr);

    Topology *m_topology;
    QUndoStack *m_undo;
    int m_dragSession = 0;
    QString m_lockReason;
};

} // namespace infrastage::gui
