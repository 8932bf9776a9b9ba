#pragma once

#include "model/topologydata.h"

#include <QDialog>

class QListWidget;

namespace infrastage::gui {

// "New": an empty design or one of the examples, each shown as a small picture of its diagram.
class TemplateGallery final : public QDialog {
    Q_OBJECT

public:
    explicit TemplateGallery(QWidget *parent = nullptr);

    // Where the examples are: next to the program when installed, else the source tree.
    static QString examplesDirectory();
    TopologyData selectedTopology() const;

private:
    QListWidget *m_list;
    QList<TopologyData> m_templates;
};

} // namespace infrastage::gui
