import { defineMessages } from '../define';

/** Fluvius: EAN mandates (manual §1C), the link of a meter to an address, sync status, Mijn Fluvius CSV import. */
export const fluvius = defineMessages({
  nl: {
    'nav.mandates': 'Mandaten',

    'mandate.status.pending': 'Wacht op je bevestiging in Mijn Fluvius',
    'mandate.status.requested': 'Wacht op de houder van het energiecontract',
    'mandate.status.approved': 'Goedgekeurd, nog niet gekoppeld',
    'mandate.status.linked': 'Gekoppeld',
    'mandate.status.rejected': 'Geweigerd',
    'mandate.status.gas': 'Gasaansluiting',
    'mandate.status.expired': 'Verlopen',
    'mandate.status.revoked': 'Ingetrokken',
    'mandate.status.cancelled': 'Geannuleerd',
    'mandate.renewal.ToBeRenewed': 'Moet hernieuwd worden',
    'mandate.renewal.RenewalRequested': 'Hernieuwing aangevraagd',
    'mandate.renewal.Expired': 'Verlopen',
    'mandate.origin.home': 'Klant',
    'mandate.origin.console': 'Installateur',

    'mandate.start.title': 'Geef de EAN-code van je elektriciteitsaansluiting',
    'mandate.start.ean': 'EAN-code (elektriciteit)',
    'mandate.start.eanHint':
      '18 cijfers, beginnend met 54: op elke factuur van je energieleverancier en op de sticker in je meterkast.',
    'mandate.start.submit': 'Naar Mijn Fluvius',
    'mandate.start.next':
      'Daarna meld je je aan bij Mijn Fluvius en bevestig je de aanvraag. Je komt vanzelf hier terug.',
    'mandate.start.consoleIntro':
      'Vraag samen met de klant toestemming om de gegevens van de digitale meter te lezen. De klant meldt zich aan bij Mijn Fluvius (eID, itsme of Fluvius-account) en bevestigt.',
    'mandate.start.consoleSubmit': 'Start mandaat en open Mijn Fluvius',

    'mandate.error.notConfigured':
      'De koppeling met Fluvius is op dit moment niet beschikbaar. Probeer het later opnieuw.',
    'mandate.error.fluvius': 'Fluvius antwoordt nu niet. Probeer het over enkele minuten opnieuw.',
    'mandate.error.gas':
      'Fluvius kent deze EAN-code als een gasaansluiting. Geef de EAN-code van je elektriciteitsaansluiting.',
    'mandate.error.eanElsewhere':
      'Deze EAN-code is al aan een ander adres gekoppeld. Neem contact op met ilusmart@ilumen.be als dat niet klopt.',
    'mandate.error.alreadyPending':
      'Voor deze EAN-code loopt al een aanvraag (gestart op {date}). Rond ze af in Mijn Fluvius, of annuleer ze onder "Mijn mandaten" om opnieuw te beginnen.',
    'mandate.error.alreadyApproved': 'Voor deze EAN-code loopt al een goedgekeurd mandaat.',
    'mandate.error.notLinkable': 'Dit mandaat kan niet (meer) gekoppeld worden.',
    'mandate.error.siteHasMeter': 'Aan dit adres hangt al een andere digitale meter (EAN {ean}).',
    'mandate.error.notOwnerSite': 'Kies een adres waarvan je hoofdgebruiker bent.',
    'mandate.error.notCancellable': 'Dit mandaat kan niet meer geannuleerd worden.',

    'mandate.return.titleSuccess': 'Bedankt, je aanvraag is verstuurd',
    'mandate.return.titleFailed': 'Geen toestemming gegeven',
    'mandate.return.pending':
      'Fluvius verwerkt je toestemming. Binnen de 2 uur krijg je een mail en een melding in de app: dan koppel je de digitale meter aan het adres van je installatie. Een dag later zie je de gegevens van je meter.',
    'mandate.return.requested':
      'Fluvius wacht nog op de goedkeuring van de houder van het energiecontract. Die krijgt een e-mail of brief van Fluvius; dat kan enkele dagen duren. Zodra het mandaat goedgekeurd is, krijg je een mail en een melding.',
    'mandate.return.approved':
      'Fluvius heeft je toestemming al bevestigd. Je kan de digitale meter nu aan je adres koppelen.',
    'mandate.return.linked': 'De meter is gekoppeld. Vanaf morgen zie je de gegevens van je digitale meter.',
    'mandate.return.failed':
      'Je hebt de aanvraag in Mijn Fluvius niet bevestigd. Zonder mandaat kunnen we de gegevens van je digitale meter niet tonen. Je kan het altijd opnieuw proberen.',
    'mandate.return.ended': 'Dit mandaat loopt niet meer ({status}).',
    'mandate.return.toMandates': 'Naar mijn mandaten',
    'mandate.return.toSite': 'Terug naar de site',
    'mandate.return.tryAgain': 'Opnieuw proberen',

    'mandates.title': 'Fluvius-mandaten',
    'mandates.intro':
      'Met een mandaat geef je ons toestemming om de gegevens van je digitale meter bij Fluvius op te halen.',
    'mandates.empty': 'Je hebt nog geen mandaat aangevraagd.',
    'mandates.new': 'Nieuw mandaat aanvragen',
    'mandates.ean': 'EAN-code',
    'mandates.address': 'Adres',
    'mandates.notLinked': 'Nog niet gekoppeld',
    'mandates.requestedOn': 'Aangevraagd op {date}',
    'mandates.validUntil': 'Geldig tot {date}',
    'mandates.syncedThrough': 'Gegevens tot en met {date}',
    'mandates.historyFrom': 'Historiek vanaf {date}',
    'mandates.historyBusy': 'We halen je historiek op (nu tot {date}).',
    'mandates.lastSync': 'Laatst opgehaald',
    'mandates.lastError': 'Laatste fout',
    'mandates.continue': 'Verder in Mijn Fluvius',
    'mandates.cancel': 'Annuleer aanvraag',
    'mandates.cancelled': 'De aanvraag is geannuleerd.',
    'mandates.import': 'Export uit Mijn Fluvius importeren',
    'mandates.link.title': 'Koppel je digitale meter',
    'mandates.link.intro':
      'Kies het adres van je installatie. De historiek halen we meteen op; vanaf morgen komen de gegevens elke dag binnen.',
    'mandates.link.site': 'Adres van de installatie',
    'mandates.link.submit': 'Koppel aan dit adres',
    'mandates.link.done': 'De meter is gekoppeld aan {address}. We halen de historiek op.',
    'mandates.link.noSites':
      'Je bent nog geen hoofdgebruiker van een adres. Vraag je installateur om je uit te nodigen.',
    'mandates.newAddress.title': 'Een nieuw adres',
    'mandates.newAddress.intro':
      'Hoort deze meter bij een adres dat hier nog niet staat? Vul het in: je wordt er de hoofdgebruiker van en we koppelen de meter meteen.',
    'mandates.newAddress.submit': 'Adres toevoegen',
    'mandates.hint.pending': 'Bevestig de aanvraag in Mijn Fluvius om verder te gaan.',
    'mandates.hint.requested':
      'De houder van het energiecontract moet de aanvraag nog goedkeuren bij Fluvius.',
    'mandates.hint.approved': 'Koppel de meter aan het adres van je installatie.',
    'mandates.hint.linked': 'De gegevens van je digitale meter komen elke nacht binnen.',
    'mandates.hint.rejected': 'De aanvraag werd geweigerd. Je kan een nieuw mandaat aanvragen.',
    'mandates.hint.gas':
      'Dit is een gasaansluiting. Vraag een mandaat aan voor de EAN-code van je elektriciteitsaansluiting.',
    'mandates.hint.expired':
      'Het mandaat is verlopen. Vraag een nieuw mandaat aan om je gegevens te blijven zien.',
    'mandates.hint.revoked': 'Het mandaat werd ingetrokken in Mijn Fluvius. We halen geen gegevens meer op.',
    'mandates.hint.cancelled': 'Deze aanvraag werd geannuleerd.',
    'mandates.hint.renewal':
      'Je mandaat loopt af op {date}. Vraag een nieuw mandaat aan om je gegevens te blijven zien.',
    'mandates.checkNow': 'Controleer nu bij Fluvius',
    'mandates.checkQueued': 'We vragen de status nu op bij Fluvius.',

    'consoleMandates.title': 'Fluvius-mandaten',
    'consoleMandates.searchPlaceholder': 'EAN, adres of referentie',
    'consoleMandates.site': 'Adres',
    'consoleMandates.installer': 'Installateur',
    'consoleMandates.renewal': 'Hernieuwing',
    'consoleMandates.expires': 'Loopt af',
    'consoleMandates.lastSync': 'Laatste sync',
    'consoleMandates.syncedThrough': 'Data tot',
    'consoleMandates.lastError': 'Laatste fout',
    'consoleMandates.origin': 'Gestart door',
    'consoleMandates.problems': 'Enkel met een fout',
    'consoleMandates.renewalFilter': 'Hernieuwing nodig',
    'consoleMandates.empty': 'Nog geen mandaten.',
    'consoleMandates.reference': 'Referentie',
    'siteMandates.title': 'Fluvius',
    'siteMandates.open': 'Mandaten en import',
    'siteMandates.none': 'Nog geen mandaat voor dit adres.',
    'siteMandates.link': 'Koppel aan dit adres',
    'siteMandates.linked': 'De meter is gekoppeld aan dit adres. We halen de historiek op.',
    'siteMandates.meter': 'Digitale meter',

    'csvImport.title': 'Verbruik importeren uit Mijn Fluvius',
    'csvImport.intro':
      'Download in Mijn Fluvius je verbruikshistoriek per kwartier (“kwartiertotalen”, CSV) en laad het bestand hier op. Je ziet eerst wat erin staat; pas na je bevestiging importeren we.',
    'csvImport.file': 'CSV-bestand uit Mijn Fluvius',
    'csvImport.preview': 'Toon wat erin staat',
    'csvImport.summary':
      '{days, plural, one {# dag} other {# dagen}}, van {first} tot en met {last}, voor EAN {ean}.',
    'csvImport.totals': 'Afname {offtake}, injectie {injection}.',
    'csvImport.day': 'Dag',
    'csvImport.quarters': 'Kwartieren',
    'csvImport.offtake': 'Afname',
    'csvImport.injection': 'Injectie',
    'csvImport.existing': 'Al aanwezig',
    'csvImport.new': 'nieuw',
    'csvImport.overwrites': 'vervangt {count, plural, one {# kwartier} other {# kwartieren}} van Fluvius',
    'csvImport.gatewayKept': '{count, plural, one {# kwartier} other {# kwartieren}} van je iLusmart',
    'csvImport.overwriteSummary':
      '{days, plural, one {# van deze dagen heeft} other {# van deze dagen hebben}} al waarden van Fluvius: die worden vervangen door die uit het bestand. Metingen van je iLusmart blijven bewaard.',
    'csvImport.estimated': '{count, plural, other {# geschat}}',
    'csvImport.partial': '{quarters} van {expected}',
    'csvImport.submit': 'Importeer {days, plural, one {# dag} other {# dagen}}',
    'csvImport.done':
      '{days, plural, one {# dag} other {# dagen}} geïmporteerd ({quarters, plural, one {# kwartier} other {# kwartieren}}).',
    'csvImport.alreadyImported': 'Dit bestand werd geïmporteerd op {date}.',
    'csvImport.another': 'Nog een bestand importeren',
    'csvImport.error.noFile': 'Kies een CSV-bestand uit Mijn Fluvius.',
    'csvImport.error.tooLarge': 'Het bestand is te groot (hoogstens {mb} MB). Exporteer een kortere periode.',
    'csvImport.error.noMeter':
      'Aan dit adres hangt nog geen digitale meter (EAN). Koppel eerst je meter via een Fluvius-mandaat.',
    'csvImport.error.gone': 'Dit opgeladen bestand bestaat niet (meer). Laad het opnieuw op.',
    'csvImport.error.empty_file': 'Het bestand is leeg.',
    'csvImport.error.no_matching_header':
      'Dit is geen verbruiksexport van Mijn Fluvius: de kolommen (Van datum, EAN, Register, Volume, …) ontbreken. Niets geïmporteerd.',
    'csvImport.error.wrong_delimiter':
      'Dit bestand gebruikt “{delimiter}” als scheidingsteken, een export van Mijn Fluvius “;”. Laad het bestand op zoals je het downloadde. Niets geïmporteerd.',
    'csvImport.error.gas_export':
      'Dit is een export van een gasmeter. Laad de export van je elektriciteitsmeter op. Niets geïmporteerd.',
    'csvImport.error.peak_export':
      'Dit is een export van piekvermogens per maand. Kies in Mijn Fluvius de kwartiertotalen. Niets geïmporteerd.',
    'csvImport.error.mixed_eans':
      'Dit bestand bevat gegevens van meer dan één EAN-code ({eans}). Niets geïmporteerd.',
    'csvImport.error.ean_mismatch':
      'Dit bestand is voor EAN {fileEan}, niet voor de meter van dit adres (EAN {siteEan}). Niets geïmporteerd.',
    'csvImport.error.bad_column_count': 'Regel {line} heeft te weinig kolommen. Niets geïmporteerd.',
    'csvImport.error.bad_date': 'Regel {line}: “{value}” is geen datum. Niets geïmporteerd.',
    'csvImport.error.bad_time': 'Regel {line}: “{value}” is geen tijdstip. Niets geïmporteerd.',
    'csvImport.error.bad_number': 'Regel {line}: “{value}” is geen hoeveelheid. Niets geïmporteerd.',
    'csvImport.error.unknown_register':
      'Regel {line}: het register “{value}” kennen we niet. Niets geïmporteerd.',
    'csvImport.error.unexpected_unit':
      'Regel {line}: de eenheid “{value}” verwachtten we niet (kWh). Niets geïmporteerd.',
    'csvImport.error.not_quarter_hour':
      'Regel {line}: dit zijn geen kwartierwaarden. Kies in Mijn Fluvius de kwartiertotalen. Niets geïmporteerd.',
    'csvImport.error.nonexistent_local_time':
      'Regel {line}: het tijdstip {value} bestaat niet (overgang naar zomertijd). Niets geïmporteerd.',
    'csvImport.error.duplicate_quarter':
      'Regel {line}: het kwartier {value} staat er twee keer in. Niets geïmporteerd.',
    'csvImport.error.no_data': 'Het bestand bevat geen verbruik. Niets geïmporteerd.',
    'csvImport.error.too_many_rows':
      'Het bestand is te groot. Exporteer een kortere periode. Niets geïmporteerd.',

    'notification.mandate.eanChanged.title': 'Fluvius gaf toestemming voor een andere EAN-code',
    'notification.mandate.eanChanged.body':
      'Je tikte EAN {typed} in, maar gaf in Mijn Fluvius toestemming voor EAN {ean}. Je mandaat geldt nu voor {ean}; klopt dat niet, annuleer het en vraag een nieuw aan voor de juiste EAN.',
    'notification.mandate.ready.title': 'Je digitale meter kan gekoppeld worden',
    'notification.mandate.ready.body':
      'Fluvius bevestigde je mandaat voor EAN {ean}. Koppel de meter nu aan het adres van je installatie.',
    'notification.mandate.rejected.title': 'Mandaat geweigerd',
    'notification.mandate.rejected.body':
      'De aanvraag voor EAN {ean} werd geweigerd bij Fluvius. Je kan een nieuw mandaat aanvragen.',
    'notification.mandate.gas.title': 'Dit is een gasaansluiting',
    'notification.mandate.gas.body':
      'EAN {ean} is een gasaansluiting. Vraag een mandaat aan voor de EAN-code van je elektriciteitsaansluiting.',
    'notification.mandate.renewal.title': 'Je Fluvius-mandaat loopt af',
    'notification.mandate.renewal.body':
      'Het mandaat voor EAN {ean} loopt af op {endsOn}. Vraag een nieuw mandaat aan om je gegevens te blijven zien.',
    'notification.mandate.expired.title': 'Je Fluvius-mandaat is verlopen',
    'notification.mandate.expired.body':
      'We halen geen gegevens meer op voor EAN {ean}. Vraag een nieuw mandaat aan om ze weer te zien.',
    'notification.mandate.revoked.title': 'Je Fluvius-mandaat werd ingetrokken',
    'notification.mandate.revoked.body':
      'Fluvius geeft ons geen gegevens meer voor EAN {ean}. We halen niets meer op. Was dat niet de bedoeling? Vraag een nieuw mandaat aan.',

    'mail.mandate.ready.subject': 'Je digitale meter kan gekoppeld worden',
    'mail.mandate.ready.body':
      'Fluvius bevestigde je toestemming voor EAN {ean}. Koppel de digitale meter nu aan het adres van je installatie; een dag later zie je de gegevens van je meter in de iLusmart-app.',
    'mail.mandate.ready.action': 'Koppel je meter',
    'mail.mandate.rejected.subject': 'Je mandaat bij Fluvius werd geweigerd',
    'mail.mandate.rejected.body':
      'De aanvraag om de gegevens van EAN {ean} te lezen werd geweigerd bij Fluvius, door jou of door de houder van het energiecontract. Zonder mandaat kunnen we de gegevens van je digitale meter niet tonen.',
    'mail.mandate.rejected.action': 'Vraag een nieuw mandaat aan',
    'mail.mandate.gas.subject': 'Deze EAN-code is van een gasaansluiting',
    'mail.mandate.gas.body':
      'Fluvius kent EAN {ean} als een gasaansluiting. Vraag een mandaat aan voor de EAN-code van je elektriciteitsaansluiting (18 cijfers, beginnend met 54).',
    'mail.mandate.gas.action': 'Geef de EAN-code voor elektriciteit',
    'mail.mandate.renewal.subject': 'Je Fluvius-mandaat loopt binnenkort af',
    'mail.mandate.renewal.body':
      'Het mandaat om de gegevens van EAN {ean} te lezen loopt af op {endsOn}. Vraag een nieuw mandaat aan om je gegevens daarna te blijven zien.',
    'mail.mandate.renewal.action': 'Vraag een nieuw mandaat aan',
    'mail.mandate.expired.subject': 'Je Fluvius-mandaat is verlopen',
    'mail.mandate.expired.body':
      'Het mandaat voor EAN {ean} is verlopen. We halen geen gegevens van je digitale meter meer op tot je een nieuw mandaat goedkeurt.',
    'mail.mandate.expired.action': 'Vraag een nieuw mandaat aan',
    'mail.mandate.revoked.subject': 'Je Fluvius-mandaat werd ingetrokken',
    'mail.mandate.revoked.body':
      'Fluvius geeft ons geen gegevens meer voor EAN {ean}: het mandaat werd ingetrokken. We halen niets meer op. Was dat niet de bedoeling? Vraag een nieuw mandaat aan.',
    'mail.mandate.revoked.action': 'Vraag een nieuw mandaat aan',
  },
  fr: {
    'nav.mandates': 'Mandats',

    'mandate.status.pending': 'En attente de votre confirmation dans Mijn Fluvius',
    'mandate.status.requested': 'En attente du titulaire du contrat d’énergie',
    'mandate.status.approved': 'Approuvé, pas encore lié',
    'mandate.status.linked': 'Lié',
    'mandate.status.rejected': 'Refusé',
    'mandate.status.gas': 'Raccordement gaz',
    'mandate.status.expired': 'Expiré',
    'mandate.status.revoked': 'Révoqué',
    'mandate.status.cancelled': 'Annulé',
    'mandate.renewal.ToBeRenewed': 'À renouveler',
    'mandate.renewal.RenewalRequested': 'Renouvellement demandé',
    'mandate.renewal.Expired': 'Expiré',
    'mandate.origin.home': 'Client',
    'mandate.origin.console': 'Installateur',

    'mandate.start.title': 'Indiquez le code EAN de votre raccordement électrique',
    'mandate.start.ean': 'Code EAN (électricité)',
    'mandate.start.eanHint':
      '18 chiffres commençant par 54 : sur chaque facture de votre fournisseur et sur l’autocollant de votre compteur.',
    'mandate.start.submit': 'Vers Mijn Fluvius',
    'mandate.start.next':
      'Ensuite, vous vous connectez à Mijn Fluvius et confirmez la demande. Vous revenez ici automatiquement.',
    'mandate.start.consoleIntro':
      'Demandez avec le client l’accord de lire les données du compteur numérique. Le client se connecte à Mijn Fluvius (eID, itsme ou compte Fluvius) et confirme.',
    'mandate.start.consoleSubmit': 'Lancer le mandat et ouvrir Mijn Fluvius',

    'mandate.error.notConfigured':
      'La liaison avec Fluvius n’est pas disponible pour le moment. Réessayez plus tard.',
    'mandate.error.fluvius': 'Fluvius ne répond pas pour l’instant. Réessayez dans quelques minutes.',
    'mandate.error.gas':
      'Fluvius connaît ce code EAN comme un raccordement gaz. Indiquez le code EAN de votre raccordement électrique.',
    'mandate.error.eanElsewhere':
      'Ce code EAN est déjà lié à une autre adresse. Contactez ilusmart@ilumen.be si ce n’est pas correct.',
    'mandate.error.alreadyPending':
      'Une demande est déjà en cours pour ce code EAN (commencée le {date}). Terminez-la dans Mijn Fluvius, ou annulez-la sous « Mes mandats » pour recommencer.',
    'mandate.error.alreadyApproved': 'Un mandat approuvé existe déjà pour ce code EAN.',
    'mandate.error.notLinkable': 'Ce mandat ne peut pas (ou plus) être lié.',
    'mandate.error.siteHasMeter': 'Un autre compteur numérique est déjà lié à cette adresse (EAN {ean}).',
    'mandate.error.notOwnerSite': 'Choisissez une adresse dont vous êtes l’utilisateur principal.',
    'mandate.error.notCancellable': 'Ce mandat ne peut plus être annulé.',

    'mandate.return.titleSuccess': 'Merci, votre demande a été envoyée',
    'mandate.return.titleFailed': 'Aucun accord donné',
    'mandate.return.pending':
      'Fluvius traite votre accord. Dans les 2 heures, vous recevez un e-mail et une notification dans l’app : vous liez alors le compteur numérique à l’adresse de votre installation. Un jour plus tard, vous voyez les données de votre compteur.',
    'mandate.return.requested':
      'Fluvius attend encore l’approbation du titulaire du contrat d’énergie. Celui-ci reçoit un e-mail ou une lettre de Fluvius ; cela peut prendre quelques jours. Dès que le mandat est approuvé, vous recevez un e-mail et une notification.',
    'mandate.return.approved':
      'Fluvius a déjà confirmé votre accord. Vous pouvez maintenant lier le compteur numérique à votre adresse.',
    'mandate.return.linked':
      'Le compteur est lié. Dès demain, vous voyez les données de votre compteur numérique.',
    'mandate.return.failed':
      'Vous n’avez pas confirmé la demande dans Mijn Fluvius. Sans mandat, nous ne pouvons pas afficher les données de votre compteur numérique. Vous pouvez toujours réessayer.',
    'mandate.return.ended': 'Ce mandat n’est plus actif ({status}).',
    'mandate.return.toMandates': 'Vers mes mandats',
    'mandate.return.toSite': 'Retour au site',
    'mandate.return.tryAgain': 'Réessayer',

    'mandates.title': 'Mandats Fluvius',
    'mandates.intro':
      'Par un mandat, vous nous autorisez à récupérer les données de votre compteur numérique chez Fluvius.',
    'mandates.empty': 'Vous n’avez pas encore demandé de mandat.',
    'mandates.new': 'Demander un nouveau mandat',
    'mandates.ean': 'Code EAN',
    'mandates.address': 'Adresse',
    'mandates.notLinked': 'Pas encore lié',
    'mandates.requestedOn': 'Demandé le {date}',
    'mandates.validUntil': 'Valable jusqu’au {date}',
    'mandates.syncedThrough': 'Données jusqu’au {date} inclus',
    'mandates.historyFrom': 'Historique depuis le {date}',
    'mandates.historyBusy': 'Nous récupérons votre historique (actuellement jusqu’au {date}).',
    'mandates.lastSync': 'Dernière récupération',
    'mandates.lastError': 'Dernière erreur',
    'mandates.continue': 'Continuer dans Mijn Fluvius',
    'mandates.cancel': 'Annuler la demande',
    'mandates.cancelled': 'La demande a été annulée.',
    'mandates.import': 'Importer un export de Mijn Fluvius',
    'mandates.link.title': 'Liez votre compteur numérique',
    'mandates.link.intro':
      'Choisissez l’adresse de votre installation. Nous récupérons l’historique tout de suite ; dès demain, les données arrivent chaque jour.',
    'mandates.link.site': 'Adresse de l’installation',
    'mandates.link.submit': 'Lier à cette adresse',
    'mandates.link.done': 'Le compteur est lié à {address}. Nous récupérons l’historique.',
    'mandates.link.noSites':
      'Vous n’êtes encore l’utilisateur principal d’aucune adresse. Demandez à votre installateur de vous inviter.',
    'mandates.newAddress.title': 'Une nouvelle adresse',
    'mandates.newAddress.intro':
      'Ce compteur appartient à une adresse qui ne figure pas encore ici ? Saisissez-la : vous en devenez l’utilisateur principal et nous lions le compteur tout de suite.',
    'mandates.newAddress.submit': 'Ajouter l’adresse',
    'mandates.hint.pending': 'Confirmez la demande dans Mijn Fluvius pour continuer.',
    'mandates.hint.requested':
      'Le titulaire du contrat d’énergie doit encore approuver la demande chez Fluvius.',
    'mandates.hint.approved': 'Liez le compteur à l’adresse de votre installation.',
    'mandates.hint.linked': 'Les données de votre compteur numérique arrivent chaque nuit.',
    'mandates.hint.rejected': 'La demande a été refusée. Vous pouvez demander un nouveau mandat.',
    'mandates.hint.gas':
      'Il s’agit d’un raccordement gaz. Demandez un mandat pour le code EAN de votre raccordement électrique.',
    'mandates.hint.expired':
      'Le mandat a expiré. Demandez un nouveau mandat pour continuer à voir vos données.',
    'mandates.hint.revoked': 'Le mandat a été révoqué dans Mijn Fluvius. Nous ne récupérons plus de données.',
    'mandates.hint.cancelled': 'Cette demande a été annulée.',
    'mandates.hint.renewal':
      'Votre mandat expire le {date}. Demandez un nouveau mandat pour continuer à voir vos données.',
    'mandates.checkNow': 'Vérifier maintenant chez Fluvius',
    'mandates.checkQueued': 'Nous demandons le statut à Fluvius.',

    'consoleMandates.title': 'Mandats Fluvius',
    'consoleMandates.searchPlaceholder': 'EAN, adresse ou référence',
    'consoleMandates.site': 'Adresse',
    'consoleMandates.installer': 'Installateur',
    'consoleMandates.renewal': 'Renouvellement',
    'consoleMandates.expires': 'Expire le',
    'consoleMandates.lastSync': 'Dernière synchro',
    'consoleMandates.syncedThrough': 'Données jusqu’au',
    'consoleMandates.lastError': 'Dernière erreur',
    'consoleMandates.origin': 'Lancé par',
    'consoleMandates.problems': 'Seulement avec une erreur',
    'consoleMandates.renewalFilter': 'Renouvellement nécessaire',
    'consoleMandates.empty': 'Pas encore de mandats.',
    'consoleMandates.reference': 'Référence',
    'siteMandates.title': 'Fluvius',
    'siteMandates.open': 'Mandats et import',
    'siteMandates.none': 'Pas encore de mandat pour cette adresse.',
    'siteMandates.link': 'Lier à cette adresse',
    'siteMandates.linked': 'Le compteur est lié à cette adresse. Nous récupérons l’historique.',
    'siteMandates.meter': 'Compteur numérique',

    'csvImport.title': 'Importer la consommation de Mijn Fluvius',
    'csvImport.intro':
      'Téléchargez dans Mijn Fluvius votre historique de consommation par quart d’heure (« kwartiertotalen », CSV) et chargez le fichier ici. Vous voyez d’abord ce qu’il contient ; nous n’importons qu’après votre confirmation.',
    'csvImport.file': 'Fichier CSV de Mijn Fluvius',
    'csvImport.preview': 'Afficher le contenu',
    'csvImport.summary':
      '{days, plural, one {# jour} other {# jours}}, du {first} au {last} inclus, pour l’EAN {ean}.',
    'csvImport.totals': 'Prélèvement {offtake}, injection {injection}.',
    'csvImport.day': 'Jour',
    'csvImport.quarters': 'Quarts d’heure',
    'csvImport.offtake': 'Prélèvement',
    'csvImport.injection': 'Injection',
    'csvImport.existing': 'Déjà présent',
    'csvImport.new': 'nouveau',
    'csvImport.overwrites':
      'remplace {count, plural, one {# quart d’heure} other {# quarts d’heure}} de Fluvius',
    'csvImport.gatewayKept':
      '{count, plural, one {# quart d’heure} other {# quarts d’heure}} de votre iLusmart',
    'csvImport.overwriteSummary':
      '{days, plural, one {# de ces jours a} other {# de ces jours ont}} déjà des valeurs de Fluvius : elles seront remplacées par celles du fichier. Les mesures de votre iLusmart sont conservées.',
    'csvImport.estimated': '{count, plural, one {# estimée} other {# estimées}}',
    'csvImport.partial': '{quarters} sur {expected}',
    'csvImport.submit': 'Importer {days, plural, one {# jour} other {# jours}}',
    'csvImport.done':
      '{days, plural, one {# jour importé} other {# jours importés}} ({quarters, plural, one {# quart d’heure} other {# quarts d’heure}}).',
    'csvImport.alreadyImported': 'Ce fichier a été importé le {date}.',
    'csvImport.another': 'Importer un autre fichier',
    'csvImport.error.noFile': 'Choisissez un fichier CSV de Mijn Fluvius.',
    'csvImport.error.tooLarge':
      'Le fichier est trop grand ({mb} Mo au plus). Exportez une période plus courte.',
    'csvImport.error.noMeter':
      'Aucun compteur numérique (EAN) n’est encore lié à cette adresse. Liez d’abord votre compteur par un mandat Fluvius.',
    'csvImport.error.gone': 'Ce fichier chargé n’existe pas (ou plus). Chargez-le à nouveau.',
    'csvImport.error.empty_file': 'Le fichier est vide.',
    'csvImport.error.no_matching_header':
      'Ce n’est pas un export de consommation de Mijn Fluvius : les colonnes (Van datum, EAN, Register, Volume, …) manquent. Rien n’a été importé.',
    'csvImport.error.wrong_delimiter':
      'Ce fichier utilise « {delimiter} » comme séparateur, un export de Mijn Fluvius « ; ». Chargez le fichier tel que vous l’avez téléchargé. Rien n’a été importé.',
    'csvImport.error.gas_export':
      'C’est un export d’un compteur de gaz. Chargez l’export de votre compteur d’électricité. Rien n’a été importé.',
    'csvImport.error.peak_export':
      'C’est un export des pointes de puissance mensuelles. Choisissez dans Mijn Fluvius les totaux par quart d’heure. Rien n’a été importé.',
    'csvImport.error.mixed_eans':
      'Ce fichier contient des données de plusieurs codes EAN ({eans}). Rien n’a été importé.',
    'csvImport.error.ean_mismatch':
      'Ce fichier est pour l’EAN {fileEan}, pas pour le compteur de cette adresse (EAN {siteEan}). Rien n’a été importé.',
    'csvImport.error.bad_column_count': 'La ligne {line} a trop peu de colonnes. Rien n’a été importé.',
    'csvImport.error.bad_date': 'Ligne {line} : « {value} » n’est pas une date. Rien n’a été importé.',
    'csvImport.error.bad_time': 'Ligne {line} : « {value} » n’est pas une heure. Rien n’a été importé.',
    'csvImport.error.bad_number': 'Ligne {line} : « {value} » n’est pas une quantité. Rien n’a été importé.',
    'csvImport.error.unknown_register':
      'Ligne {line} : nous ne connaissons pas le registre « {value} ». Rien n’a été importé.',
    'csvImport.error.unexpected_unit':
      'Ligne {line} : l’unité « {value} » n’était pas attendue (kWh). Rien n’a été importé.',
    'csvImport.error.not_quarter_hour':
      'Ligne {line} : ce ne sont pas des valeurs par quart d’heure. Choisissez dans Mijn Fluvius les totaux par quart d’heure. Rien n’a été importé.',
    'csvImport.error.nonexistent_local_time':
      'Ligne {line} : l’heure {value} n’existe pas (passage à l’heure d’été). Rien n’a été importé.',
    'csvImport.error.duplicate_quarter':
      'Ligne {line} : le quart d’heure {value} y figure deux fois. Rien n’a été importé.',
    'csvImport.error.no_data': 'Le fichier ne contient aucune consommation. Rien n’a été importé.',
    'csvImport.error.too_many_rows':
      'Le fichier est trop grand. Exportez une période plus courte. Rien n’a été importé.',

    'notification.mandate.eanChanged.title': 'Fluvius a donné l’accord pour un autre code EAN',
    'notification.mandate.eanChanged.body':
      'Vous avez saisi l’EAN {typed}, mais donné votre accord dans Mijn Fluvius pour l’EAN {ean}. Votre mandat vaut désormais pour {ean} ; si ce n’est pas correct, annulez-le et demandez-en un nouveau pour le bon EAN.',
    'notification.mandate.ready.title': 'Votre compteur numérique peut être lié',
    'notification.mandate.ready.body':
      'Fluvius a confirmé votre mandat pour l’EAN {ean}. Liez maintenant le compteur à l’adresse de votre installation.',
    'notification.mandate.rejected.title': 'Mandat refusé',
    'notification.mandate.rejected.body':
      'La demande pour l’EAN {ean} a été refusée chez Fluvius. Vous pouvez demander un nouveau mandat.',
    'notification.mandate.gas.title': 'Il s’agit d’un raccordement gaz',
    'notification.mandate.gas.body':
      'L’EAN {ean} est un raccordement gaz. Demandez un mandat pour le code EAN de votre raccordement électrique.',
    'notification.mandate.renewal.title': 'Votre mandat Fluvius arrive à échéance',
    'notification.mandate.renewal.body':
      'Le mandat pour l’EAN {ean} expire le {endsOn}. Demandez un nouveau mandat pour continuer à voir vos données.',
    'notification.mandate.expired.title': 'Votre mandat Fluvius a expiré',
    'notification.mandate.expired.body':
      'Nous ne récupérons plus de données pour l’EAN {ean}. Demandez un nouveau mandat pour les revoir.',
    'notification.mandate.revoked.title': 'Votre mandat Fluvius a été révoqué',
    'notification.mandate.revoked.body':
      'Fluvius ne nous donne plus de données pour l’EAN {ean}. Nous ne récupérons plus rien. Ce n’était pas voulu ? Demandez un nouveau mandat.',

    'mail.mandate.ready.subject': 'Votre compteur numérique peut être lié',
    'mail.mandate.ready.body':
      'Fluvius a confirmé votre accord pour l’EAN {ean}. Liez maintenant le compteur numérique à l’adresse de votre installation ; un jour plus tard, vous voyez les données de votre compteur dans l’app iLusmart.',
    'mail.mandate.ready.action': 'Lier votre compteur',
    'mail.mandate.rejected.subject': 'Votre mandat chez Fluvius a été refusé',
    'mail.mandate.rejected.body':
      'La demande de lire les données de l’EAN {ean} a été refusée chez Fluvius, par vous ou par le titulaire du contrat d’énergie. Sans mandat, nous ne pouvons pas afficher les données de votre compteur numérique.',
    'mail.mandate.rejected.action': 'Demander un nouveau mandat',
    'mail.mandate.gas.subject': 'Ce code EAN est celui d’un raccordement gaz',
    'mail.mandate.gas.body':
      'Fluvius connaît l’EAN {ean} comme un raccordement gaz. Demandez un mandat pour le code EAN de votre raccordement électrique (18 chiffres commençant par 54).',
    'mail.mandate.gas.action': 'Indiquer le code EAN électricité',
    'mail.mandate.renewal.subject': 'Votre mandat Fluvius arrive bientôt à échéance',
    'mail.mandate.renewal.body':
      'Le mandat pour lire les données de l’EAN {ean} expire le {endsOn}. Demandez un nouveau mandat pour continuer à voir vos données ensuite.',
    'mail.mandate.renewal.action': 'Demander un nouveau mandat',
    'mail.mandate.expired.subject': 'Votre mandat Fluvius a expiré',
    'mail.mandate.expired.body':
      'Le mandat pour l’EAN {ean} a expiré. Nous ne récupérons plus les données de votre compteur numérique tant que vous n’approuvez pas un nouveau mandat.',
    'mail.mandate.expired.action': 'Demander un nouveau mandat',
    'mail.mandate.revoked.subject': 'Votre mandat Fluvius a été révoqué',
    'mail.mandate.revoked.body':
      'Fluvius ne nous donne plus de données pour l’EAN {ean} : le mandat a été révoqué. Nous ne récupérons plus rien. Ce n’était pas voulu ? Demandez un nouveau mandat.',
    'mail.mandate.revoked.action': 'Demander un nouveau mandat',
  },
  en: {
    'nav.mandates': 'Mandates',

    'mandate.status.pending': 'Waiting for your confirmation in Mijn Fluvius',
    'mandate.status.requested': 'Waiting for the energy contract holder',
    'mandate.status.approved': 'Approved, not linked yet',
    'mandate.status.linked': 'Linked',
    'mandate.status.rejected': 'Refused',
    'mandate.status.gas': 'Gas connection',
    'mandate.status.expired': 'Expired',
    'mandate.status.revoked': 'Revoked',
    'mandate.status.cancelled': 'Cancelled',
    'mandate.renewal.ToBeRenewed': 'To be renewed',
    'mandate.renewal.RenewalRequested': 'Renewal requested',
    'mandate.renewal.Expired': 'Expired',
    'mandate.origin.home': 'Customer',
    'mandate.origin.console': 'Installer',

    'mandate.start.title': 'Enter the EAN code of your electricity connection',
    'mandate.start.ean': 'EAN code (electricity)',
    'mandate.start.eanHint':
      '18 digits starting with 54: on every bill from your energy supplier and on the sticker in your meter cupboard.',
    'mandate.start.submit': 'Go to Mijn Fluvius',
    'mandate.start.next':
      'Then you sign in to Mijn Fluvius and confirm the request. You come back here by yourself.',
    'mandate.start.consoleIntro':
      'Ask the customer for permission to read the digital meter’s data, together. The customer signs in to Mijn Fluvius (eID, itsme or Fluvius account) and confirms.',
    'mandate.start.consoleSubmit': 'Start mandate and open Mijn Fluvius',

    'mandate.error.notConfigured': 'The link with Fluvius is not available right now. Try again later.',
    'mandate.error.fluvius': 'Fluvius is not answering right now. Try again in a few minutes.',
    'mandate.error.gas':
      'Fluvius knows this EAN code as a gas connection. Enter the EAN code of your electricity connection.',
    'mandate.error.eanElsewhere':
      'This EAN code is already linked to another address. Contact ilusmart@ilumen.be if that is not right.',
    'mandate.error.alreadyPending':
      'A request for this EAN code is already open (started on {date}). Complete it in Mijn Fluvius, or cancel it under "My mandates" to start again.',
    'mandate.error.alreadyApproved': 'An approved mandate already exists for this EAN code.',
    'mandate.error.notLinkable': 'This mandate cannot be linked (any more).',
    'mandate.error.siteHasMeter': 'Another digital meter is already linked to this address (EAN {ean}).',
    'mandate.error.notOwnerSite': 'Choose an address of which you are the main user.',
    'mandate.error.notCancellable': 'This mandate can no longer be cancelled.',

    'mandate.return.titleSuccess': 'Thank you, your request was sent',
    'mandate.return.titleFailed': 'No permission given',
    'mandate.return.pending':
      'Fluvius is processing your permission. Within 2 hours you get a mail and a notification in the app: then you link the digital meter to the address of your installation. A day later you see your meter’s data.',
    'mandate.return.requested':
      'Fluvius is still waiting for the energy contract holder to approve. They get an e-mail or a letter from Fluvius; that can take a few days. As soon as the mandate is approved, you get a mail and a notification.',
    'mandate.return.approved':
      'Fluvius has already confirmed your permission. You can now link the digital meter to your address.',
    'mandate.return.linked': 'The meter is linked. From tomorrow you see your digital meter’s data.',
    'mandate.return.failed':
      'You did not confirm the request in Mijn Fluvius. Without a mandate we cannot show your digital meter’s data. You can always try again.',
    'mandate.return.ended': 'This mandate is no longer active ({status}).',
    'mandate.return.toMandates': 'To my mandates',
    'mandate.return.toSite': 'Back to the site',
    'mandate.return.tryAgain': 'Try again',

    'mandates.title': 'Fluvius mandates',
    'mandates.intro': 'With a mandate you allow us to fetch your digital meter’s data from Fluvius.',
    'mandates.empty': 'You have not asked for a mandate yet.',
    'mandates.new': 'Ask for a new mandate',
    'mandates.ean': 'EAN code',
    'mandates.address': 'Address',
    'mandates.notLinked': 'Not linked yet',
    'mandates.requestedOn': 'Requested on {date}',
    'mandates.validUntil': 'Valid until {date}',
    'mandates.syncedThrough': 'Data up to and including {date}',
    'mandates.historyFrom': 'History from {date}',
    'mandates.historyBusy': 'We are fetching your history (now back to {date}).',
    'mandates.lastSync': 'Last fetched',
    'mandates.lastError': 'Last error',
    'mandates.continue': 'Continue in Mijn Fluvius',
    'mandates.cancel': 'Cancel request',
    'mandates.cancelled': 'The request was cancelled.',
    'mandates.import': 'Import an export from Mijn Fluvius',
    'mandates.link.title': 'Link your digital meter',
    'mandates.link.intro':
      'Choose the address of your installation. We fetch the history right away; from tomorrow the data comes in every day.',
    'mandates.link.site': 'Address of the installation',
    'mandates.link.submit': 'Link to this address',
    'mandates.link.done': 'The meter is linked to {address}. We are fetching the history.',
    'mandates.link.noSites':
      'You are not the main user of any address yet. Ask your installer to invite you.',
    'mandates.newAddress.title': 'A new address',
    'mandates.newAddress.intro':
      'Does this meter belong to an address that is not listed here yet? Enter it: you become its main user and we link the meter at once.',
    'mandates.newAddress.submit': 'Add the address',
    'mandates.hint.pending': 'Confirm the request in Mijn Fluvius to go on.',
    'mandates.hint.requested': 'The energy contract holder still has to approve the request at Fluvius.',
    'mandates.hint.approved': 'Link the meter to the address of your installation.',
    'mandates.hint.linked': 'Your digital meter’s data comes in every night.',
    'mandates.hint.rejected': 'The request was refused. You can ask for a new mandate.',
    'mandates.hint.gas':
      'This is a gas connection. Ask for a mandate for the EAN code of your electricity connection.',
    'mandates.hint.expired': 'The mandate has expired. Ask for a new mandate to keep seeing your data.',
    'mandates.hint.revoked': 'The mandate was revoked in Mijn Fluvius. We no longer fetch any data.',
    'mandates.hint.cancelled': 'This request was cancelled.',
    'mandates.hint.renewal': 'Your mandate ends on {date}. Ask for a new mandate to keep seeing your data.',
    'mandates.checkNow': 'Check now at Fluvius',
    'mandates.checkQueued': 'We are asking Fluvius for the status now.',

    'consoleMandates.title': 'Fluvius mandates',
    'consoleMandates.searchPlaceholder': 'EAN, address or reference',
    'consoleMandates.site': 'Address',
    'consoleMandates.installer': 'Installer',
    'consoleMandates.renewal': 'Renewal',
    'consoleMandates.expires': 'Ends',
    'consoleMandates.lastSync': 'Last sync',
    'consoleMandates.syncedThrough': 'Data until',
    'consoleMandates.lastError': 'Last error',
    'consoleMandates.origin': 'Started by',
    'consoleMandates.problems': 'Only with an error',
    'consoleMandates.renewalFilter': 'Renewal needed',
    'consoleMandates.empty': 'No mandates yet.',
    'consoleMandates.reference': 'Reference',
    'siteMandates.title': 'Fluvius',
    'siteMandates.open': 'Mandates and import',
    'siteMandates.none': 'No mandate for this address yet.',
    'siteMandates.link': 'Link to this address',
    'siteMandates.linked': 'The meter is linked to this address. We are fetching the history.',
    'siteMandates.meter': 'Digital meter',

    'csvImport.title': 'Import consumption from Mijn Fluvius',
    'csvImport.intro':
      'Download your quarter-hour consumption history (“15 minute totals”, CSV) in Mijn Fluvius and upload the file here. You first see what it holds; we import only after you confirm.',
    'csvImport.file': 'CSV file from Mijn Fluvius',
    'csvImport.preview': 'Show what it holds',
    'csvImport.summary':
      '{days, plural, one {# day} other {# days}}, from {first} up to and including {last}, for EAN {ean}.',
    'csvImport.totals': 'Offtake {offtake}, injection {injection}.',
    'csvImport.day': 'Day',
    'csvImport.quarters': 'Quarter hours',
    'csvImport.offtake': 'Offtake',
    'csvImport.injection': 'Injection',
    'csvImport.existing': 'Already there',
    'csvImport.new': 'new',
    'csvImport.overwrites':
      'replaces {count, plural, one {# quarter hour} other {# quarter hours}} from Fluvius',
    'csvImport.gatewayKept':
      '{count, plural, one {# quarter hour} other {# quarter hours}} from your iLusmart',
    'csvImport.overwriteSummary':
      '{days, plural, one {# of these days already has} other {# of these days already have}} values from Fluvius: they will be replaced by those in the file. Your iLusmart’s measurements are kept.',
    'csvImport.estimated': '{count, plural, other {# estimated}}',
    'csvImport.partial': '{quarters} of {expected}',
    'csvImport.submit': 'Import {days, plural, one {# day} other {# days}}',
    'csvImport.done':
      '{days, plural, one {# day} other {# days}} imported ({quarters, plural, one {# quarter hour} other {# quarter hours}}).',
    'csvImport.alreadyImported': 'This file was imported on {date}.',
    'csvImport.another': 'Import another file',
    'csvImport.error.noFile': 'Choose a CSV file from Mijn Fluvius.',
    'csvImport.error.tooLarge': 'The file is too large (at most {mb} MB). Export a shorter period.',
    'csvImport.error.noMeter':
      'No digital meter (EAN) is linked to this address yet. Link your meter through a Fluvius mandate first.',
    'csvImport.error.gone': 'This uploaded file does not exist (any more). Upload it again.',
    'csvImport.error.empty_file': 'The file is empty.',
    'csvImport.error.no_matching_header':
      'This is not a consumption export from Mijn Fluvius: the columns (From (date), EAN code, Register, Volume, …) are missing. Nothing was imported.',
    'csvImport.error.wrong_delimiter':
      'This file uses “{delimiter}” as separator, an export from Mijn Fluvius uses “;”. Upload the file as you downloaded it. Nothing was imported.',
    'csvImport.error.gas_export':
      'This is an export of a gas meter. Upload the export of your electricity meter. Nothing was imported.',
    'csvImport.error.peak_export':
      'This is an export of monthly peak power. Choose the quarter-hour totals in Mijn Fluvius. Nothing was imported.',
    'csvImport.error.mixed_eans':
      'This file holds data of more than one EAN code ({eans}). Nothing was imported.',
    'csvImport.error.ean_mismatch':
      'This file is for EAN {fileEan}, not for this address’s meter (EAN {siteEan}). Nothing was imported.',
    'csvImport.error.bad_column_count': 'Line {line} has too few columns. Nothing was imported.',
    'csvImport.error.bad_date': 'Line {line}: “{value}” is not a date. Nothing was imported.',
    'csvImport.error.bad_time': 'Line {line}: “{value}” is not a time. Nothing was imported.',
    'csvImport.error.bad_number': 'Line {line}: “{value}” is not a quantity. Nothing was imported.',
    'csvImport.error.unknown_register':
      'Line {line}: we do not know the register “{value}”. Nothing was imported.',
    'csvImport.error.unexpected_unit':
      'Line {line}: we did not expect the unit “{value}” (kWh). Nothing was imported.',
    'csvImport.error.not_quarter_hour':
      'Line {line}: these are not quarter-hour values. Choose the quarter-hour totals in Mijn Fluvius. Nothing was imported.',
    'csvImport.error.nonexistent_local_time':
      'Line {line}: the time {value} does not exist (change to summer time). Nothing was imported.',
    'csvImport.error.duplicate_quarter':
      'Line {line}: the quarter hour {value} appears twice. Nothing was imported.',
    'csvImport.error.no_data': 'The file holds no consumption. Nothing was imported.',
    'csvImport.error.too_many_rows': 'The file is too large. Export a shorter period. Nothing was imported.',

    'notification.mandate.eanChanged.title': 'Fluvius gave consent for another EAN code',
    'notification.mandate.eanChanged.body':
      'You typed EAN {typed}, but gave consent in Mijn Fluvius for EAN {ean}. Your mandate now applies to {ean}; if that is wrong, cancel it and request a new one for the right EAN.',
    'notification.mandate.ready.title': 'Your digital meter can be linked',
    'notification.mandate.ready.body':
      'Fluvius confirmed your mandate for EAN {ean}. Link the meter to the address of your installation now.',
    'notification.mandate.rejected.title': 'Mandate refused',
    'notification.mandate.rejected.body':
      'The request for EAN {ean} was refused at Fluvius. You can ask for a new mandate.',
    'notification.mandate.gas.title': 'This is a gas connection',
    'notification.mandate.gas.body':
      'EAN {ean} is a gas connection. Ask for a mandate for the EAN code of your electricity connection.',
    'notification.mandate.renewal.title': 'Your Fluvius mandate is ending',
    'notification.mandate.renewal.body':
      'The mandate for EAN {ean} ends on {endsOn}. Ask for a new mandate to keep seeing your data.',
    'notification.mandate.expired.title': 'Your Fluvius mandate has expired',
    'notification.mandate.expired.body':
      'We no longer fetch data for EAN {ean}. Ask for a new mandate to see it again.',
    'notification.mandate.revoked.title': 'Your Fluvius mandate was revoked',
    'notification.mandate.revoked.body':
      'Fluvius no longer gives us data for EAN {ean}. We no longer fetch anything. Not what you meant? Ask for a new mandate.',

    'mail.mandate.ready.subject': 'Your digital meter can be linked',
    'mail.mandate.ready.body':
      'Fluvius confirmed your permission for EAN {ean}. Link the digital meter to the address of your installation now; a day later you see your meter’s data in the iLusmart app.',
    'mail.mandate.ready.action': 'Link your meter',
    'mail.mandate.rejected.subject': 'Your mandate at Fluvius was refused',
    'mail.mandate.rejected.body':
      'The request to read the data of EAN {ean} was refused at Fluvius, by you or by the energy contract holder. Without a mandate we cannot show your digital meter’s data.',
    'mail.mandate.rejected.action': 'Ask for a new mandate',
    'mail.mandate.gas.subject': 'This EAN code is a gas connection',
    'mail.mandate.gas.body':
      'Fluvius knows EAN {ean} as a gas connection. Ask for a mandate for the EAN code of your electricity connection (18 digits starting with 54).',
    'mail.mandate.gas.action': 'Enter the electricity EAN code',
    'mail.mandate.renewal.subject': 'Your Fluvius mandate ends soon',
    'mail.mandate.renewal.body':
      'The mandate to read the data of EAN {ean} ends on {endsOn}. Ask for a new mandate to keep seeing your data after that.',
    'mail.mandate.renewal.action': 'Ask for a new mandate',
    'mail.mandate.expired.subject': 'Your Fluvius mandate has expired',
    'mail.mandate.expired.body':
      'The mandate for EAN {ean} has expired. We no longer fetch your digital meter’s data until you approve a new mandate.',
    'mail.mandate.expired.action': 'Ask for a new mandate',
    'mail.mandate.revoked.subject': 'Your Fluvius mandate was revoked',
    'mail.mandate.revoked.body':
      'Fluvius no longer gives us data for EAN {ean}: the mandate was revoked. We no longer fetch anything. Not what you meant? Ask for a new mandate.',
    'mail.mandate.revoked.action': 'Ask for a new mandate',
  },
});
