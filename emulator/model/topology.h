#pragma once

#include "topologydata.h"

#include <QObject>

namespace infrastage {

// The editable topology the GUI observes: the same content as TopologyData, changed only
// through these calls, each of which announces itself with a signal naming the ids involved.
class Topology final : public QObject {
    Q_OBJECT

public:
    explicit Topology(QObject *parent = nullptr);

    const TopologyData &data() const { return m_data; }
    void reset(const TopologyData &data);

    void setName(const QString &name);
    void setDescription(const QString &description);

    void insertNode(int index, const Node &node);
    void updateNode(const Node &node);  // replaces the node with the same id
    void removeNode(const QString &id); // the caller removes its links and children first

    void insertLink(int index, const Link &link);
    void updateLink(const Link &link);
    void removeLink(const QString &id);

Q_SIGNALS:
    void nodeAdded(const QString &id);
    void nodeAboutToBeRemoved(const QString &id);
    void nodeRemoved(const QString &id);
    void nodeChanged(const QString &id);
    void linkAdded(const QString &id);
    void linkAboutToBeRemoved(const QString &id);
    void linkRemoved(const QString &id);
    void linkChanged(const QString &id);
    void metaChanged();
    void modelReset();
    // Emitted after every change of any kind, once per call.
    void changed();

private:
    TopologyData m_data;
};

} // namespace infrastage
