#include "templategallery.h"

#include "canvas/diagramrenderer.h"
#include "io/topologyfile.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace infrastage::gui {

TemplateGallery::TemplateGallery(QWidget *parent)
    : QDialog(parent) {
    setWindowTitle(tr("New design"));
    auto *layout = new QVBoxLayout(this);
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Templates"));
    m_list->setViewMode(QListView::IconMode);
    m_list->setIconSize(QSize(240, 150));
    m_list->setGridSize(QSize(270, 200));
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setWordWrap(true);
    layout->addWidget(m_list);

    TopologyData empty;
    empty.name = tr("Untitled design");
    m_templates.append(empty);
    new QListWidgetItem(tr("Empty design"), m_list);

    const QDir dir(examplesDirectory());
    for (const QString &file : dir.entryList({QStringLiteral("*.infra.json")}, QDir::Files)) {
        TopologyData data;
        QString error;
        if (!TopologyFile::load(dir.filePath(file), &data, &error))
            continue;
        DiagramRenderer renderer(data);
        const QImage image = renderer.toImage(0.5);
        QPixmap thumb = QPixmap::fromImage(
            image.scaled(QSize(240, 150), Qt::KeepAspectRatio, Qt::SmoothTransformation));
        auto *item =
            new QListWidgetItem(QIcon(thumb), data.name.isEmpty() ? file : data.name, m_list);
        item->setToolTip(data.description);
        m_templates.append(data);
    }
    m_list->setCurrentRow(m_templates.size() > 1 ? 1 : 0);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);
    layout->addWidget(buttons);
    resize(900, 560);
}

QString TemplateGallery::examplesDirectory() {
    const QString installed =
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/infrastage/examples");
    if (QDir(installed).exists())
        return installed;
    return QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples");
}

TopologyData TemplateGallery::selectedTopology() const {
    const int row = m_list->currentRow();
    return row >= 0 && row < m_templates.size() ? m_templates.at(row) : TopologyData();
}

} // namespace infrastage::gui
