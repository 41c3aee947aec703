"""The standard clause texts: the articles of a klushuis purchase agreement and the letters.

This is data, not template code. Each text is plain Dutch text in the format of
`contracts.clauses`: `{placeholder}` names from `clauses.PLACEHOLDERS` (and only those), a
blank line starts a new paragraph and lines starting with "- " form a list. Staff can copy
these texts into a sales round and adapt them; `clauses.render` fills and escapes them.

Articles refer to each other by title ("het artikel Zelfbewoningsplicht"), not by number,
so that a sales round can leave out or reorder an article without breaking a reference.
Amounts, dates and periods are always placeholders: they belong to the sales round, not here.
The only fixed numbers are statutory ones (the six months of art. 7:2 BW). The texts expect
the values as `contracts.services.document_data` writes them: `perceel_oppervlakte` a bare
number (the text adds "m²"), `boete_regeling` a phrase such as "een boete van € 50.000" and
`antispeculatie_regeling` one that completes "Koper is verschuldigd: ...".

What does not apply to a sale is left out (`contracts.clauses`: a paragraph or list item whose
placeholder has the value None is dropped; so is an article whose first paragraph is): the
plot area and the leasehold paragraphs of an apartment right, the owners' association of a
house, the anti-speculation article of a round without one, the profit definition of a fixed
sum. Write such a placeholder into its own paragraph or list item. An article that names other
articles names them through a placeholder (`artikelen_kettingbeding` and the like) whose value
lists only the articles this agreement carries, so no reference points at an article left out.
"""

import textwrap


def _unwrap(text: str) -> str:
    """Source lines are wrapped to fit the code; clause text has one line per paragraph and
    per list item (a "- " line), which is how staff type it and what `clauses.render` needs:
    a wrapped line would otherwise end a list."""
    chunks = []
    for chunk in textwrap.dedent(text).strip().split("\n\n"):
        lines: list[str] = []
        for line in chunk.splitlines():
            if line.startswith("- ") or not lines:
                lines.append(line.strip())
            else:
                lines[-1] += " " + line.strip()
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks)


def _unwrapped(items: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return [(key, title, _unwrap(body)) for key, title, body in items]


# (key, title, body): the articles of the purchase agreement (koopovereenkomst), in order.
PURCHASE_AGREEMENT: list[tuple[str, str, str]] = _unwrapped(
    [
        (
            "object",
            "Het verkochte",
            """
        Verkoper verkoopt aan Koper, die van Verkoper koopt, {het_verkochte}, hierna te noemen:
        de Woning, als volgt omschreven:

        - adres: {woning_adres};
        - kadastrale aanduiding: {kadastraal};
        - perceeloppervlakte: {perceel_oppervlakte} m²;
        - aandeel in de gemeenschap: {appartement_aandeel};
        - aard van het verkochte recht: {eigendom}.

        Het appartementsrecht is ontstaan door splitsing in appartementsrechten bij
        {splitsingsakte}. Koper is vanaf de levering lid van {vve} (de Vereniging van Eigenaars)
        en is gebonden aan de akte van splitsing, het reglement van splitsing, het huishoudelijk
        reglement en de besluiten van de Vereniging van Eigenaars.

        De bijdrage aan de Vereniging van Eigenaars bedraagt bij het sluiten van deze
        overeenkomst {vve_bijdrage} per maand. Zij komt vanaf de dag van de levering voor
        rekening van Koper.

        De grond wordt gehouden in erfpacht. Op de erfpacht zijn van toepassing:
        {erfpacht_voorwaarden}. Koper treedt bij de levering in alle rechten en verplichtingen
        van de erfpachter.

        De canon bedraagt {erfpacht_canon} per jaar en komt vanaf de dag van de levering voor
        rekening van Koper.

        De canon is afgekocht tot en met {erfpacht_afgekocht_tot}; daarna is canon verschuldigd
        volgens de voorwaarden van de erfpacht.

        De Woning wordt verkocht als klushuis. Koper is bekend met de slechte bouwkundige staat
        van de Woning en met de rapporten over de staat van de Woning die Verkoper voor het
        sluiten van deze overeenkomst aan Koper ter beschikking heeft gesteld. De Woning is in
        haar huidige staat niet geschikt voor bewoning. Koper aanvaardt de Woning in de staat
        waarin zij zich bij het sluiten van deze overeenkomst bevindt. Verkoper staat er niet
        voor in dat de Woning de eigenschappen bezit die voor normaal gebruik als woning nodig
        zijn; het bepaalde in artikel 7:17 van het Burgerlijk Wetboek is in zoverre niet van
        toepassing.
        """,
        ),
        (
            "koopsom",
            "Koopsom",
            """
        De koopsom van de Woning bedraagt {koopsom}, {kosten}.

        Is de Woning kosten koper verkocht, dan komen de kosten van de overdracht, waaronder de
        overdrachtsbelasting, de kadastrale rechten en het honorarium van de notaris voor de
        akte van levering, voor rekening van Koper. Is de Woning vrij op naam verkocht, dan
        komen die kosten voor rekening van Verkoper. De kosten van een hypotheekakte en van de
        financiering komen in alle gevallen voor rekening van Koper.

        Koper betaalt de koopsom, verminderd met de waarborgsom die Koper heeft gestort, uiterlijk
        bij het passeren van de akte van levering door storting op de kwaliteitsrekening van de
        notaris.
        """,
        ),
        (
            "waarborgsom",
            "Waarborgsom of bankgarantie",
            """
        Tot zekerheid voor de nakoming van zijn verplichtingen stort Koper uiterlijk op
        {waarborgsom_datum} een waarborgsom van {waarborgsom} op de kwaliteitsrekening van
        {notaris}.

        In plaats van de waarborgsom kan Koper binnen dezelfde termijn een bankgarantie ter
        hoogte van hetzelfde bedrag stellen, afgegeven door een in Nederland gevestigde bank,
        onvoorwaardelijk en ter bewaring afgegeven aan de notaris, met een looptijd tot ten
        minste één maand na de datum van levering.

        De waarborgsom wordt bij de levering verrekend met de koopsom; een bankgarantie vervalt
        dan. Wordt deze overeenkomst ontbonden met een beroep op de bedenktijd of op een
        ontbindende voorwaarde, dan betaalt de notaris de waarborgsom onverwijld aan Koper
        terug. Wordt deze overeenkomst ontbonden wegens verzuim van Koper, dan strekt de
        waarborgsom of de bankgarantie tot betaling van de boete uit het artikel Verzuim.

        Heeft Koper de waarborgsom niet tijdig gestort of de bankgarantie niet tijdig gesteld,
        dan is Koper in verzuim zonder dat een ingebrekestelling nodig is, en kan Verkoper het
        artikel Verzuim toepassen.
        """,
        ),
        (
            "levering",
            "Levering en overgang van het risico",
            """
        De levering van de Woning geschiedt door het passeren van de notariële akte van levering
        ten overstaan van {notaris} op {leveringsdatum}, of zoveel eerder of later als partijen
        schriftelijk overeenkomen.

        Verkoper levert de Woning vrij van hypotheken, beslagen en inschrijvingen daarvan, vrij
        van huur en andere gebruiksrechten, leeg en ontruimd. Verkoper staat ervoor in dat de
        Woning niet is bezwaard met beperkte rechten of kwalitatieve verplichtingen, anders dan
        vermeld in deze overeenkomst of in de akte van levering.

        De feitelijke levering geschiedt op de dag van de juridische levering. Het risico van de
        Woning gaat op Koper over op het moment van de levering. Vanaf die dag komen de baten en
        lasten van de Woning voor rekening van Koper.
        """,
        ),
        (
            "financieringsvoorbehoud",
            "Ontbindende voorwaarde: financiering",
            """
        Deze overeenkomst kan door Koper worden ontbonden indien Koper uiterlijk op
        {financieringsvoorbehoud_datum} voor de verkrijging van de Woning en de uitvoering van de
        renovatie geen hypothecaire geldlening of andere financiering heeft verkregen tot ten
        minste het bedrag van de financieringseis van {financieringseis}, tegen de bij een erkende
        geldverstrekker gebruikelijke voorwaarden.

        Koper is verplicht zich naar beste vermogen in te spannen om deze financiering te
        verkrijgen en daartoe tijdig ten minste één volledige aanvraag in te dienen bij een
        erkende geldverstrekker.

        Een beroep op deze ontbindende voorwaarde doet Koper uiterlijk op
        {financieringsvoorbehoud_datum} door een schriftelijke verklaring aan Verkoper, onder
        overlegging van een schriftelijke afwijzing van de financieringsaanvraag door een
        erkende geldverstrekker. Na die datum kan Koper zich niet meer op deze ontbindende
        voorwaarde beroepen. Bij ontbinding op grond van dit artikel is geen van de partijen een
        boete of schadevergoeding verschuldigd.
        """,
        ),
        (
            "financieringseis",
            "Financieringseis en bouwdepot",
            """
        Koper is verplicht de verkrijging van de Woning en de renovatie te financieren tot een
        bedrag van ten minste {financieringseis} (de financieringseis), zijnde de koopsom van
        {koopsom} vermeerderd met het minimale renovatiebudget van {minimaal_renovatiebudget}.

        Het renovatiebudget wordt bij de levering door de geldverstrekker van Koper in een
        bouwdepot ondergebracht. Het bouwdepot blijft bij de geldverstrekker tot de renovatie
        gereed is. Uitbetalingen uit het bouwdepot vinden uitsluitend plaats voor de kosten van
        de renovatie.

        Voldoet Koper het renovatiebudget geheel of gedeeltelijk uit eigen middelen, dan brengt
        Koper dat deel bij de levering eveneens onder in een bouwdepot of op een geblokkeerde
        rekening met dezelfde bestemming. Koper machtigt Verkoper bij de geldverstrekker
        inlichtingen in te winnen over de stand van het bouwdepot.
        """,
        ),
        (
            "renovatieverplichting",
            "Renovatieverplichting",
            """
        Koper is verplicht de Woning voor eigen rekening en risico te renoveren overeenkomstig
        het programma van eisen, hierna te noemen: het Programma van Eisen. Koper vraagt tijdig
        alle vergunningen aan die voor de renovatie nodig zijn.

        Het Programma van Eisen is {pve_bijlage}.

        Koper begint met de renovatie uiterlijk op {start_renovatie_datum}, zijnde
        {start_renovatie_maanden} maanden na de levering, en voltooit de renovatie uiterlijk op
        {gereed_renovatie_datum}, zijnde {gereed_renovatie_maanden} maanden na de levering. Vindt
        de levering op een andere dag plaats dan {leveringsdatum}, dan worden deze termijnen
        gerekend vanaf de dag van de werkelijke levering.

        Koper meldt de voltooiing van de renovatie schriftelijk aan Verkoper (gereedmelding).
        Verkoper inspecteert de Woning binnen {inspectie_weken} weken na ontvangst van de
        gereedmelding en deelt Koper binnen die termijn schriftelijk mee of de renovatie voldoet
        aan het Programma van Eisen. Voldoet de renovatie, dan keurt Verkoper haar schriftelijk
        goed. Voldoet de renovatie niet, dan vermeldt Verkoper de tekortkomingen en een
        redelijke termijn voor herstel; na herstel meldt Koper opnieuw gereed en geldt dezelfde
        termijn voor de nieuwe inspectie.

        Heeft Verkoper niet binnen {inspectie_weken} weken na ontvangst van een gereedmelding
        geïnspecteerd en Koper schriftelijk meegedeeld dat de renovatie niet voldoet, dan geldt
        de renovatie als goedgekeurd op de laatste dag van die termijn.

        Koper verleent Verkoper tijdens de renovatie en voor de inspectie na voorafgaande
        aankondiging toegang tot de Woning.
        """,
        ),
        (
            "zelfbewoningsplicht",
            "Zelfbewoningsplicht",
            """
        Koper is verplicht de Woning gedurende ten minste {zelfbewoning_jaren} jaar zelf als
        hoofdverblijf te bewonen. Deze termijn begint op de dag waarop Verkoper de voltooide
        renovatie schriftelijk heeft goedgekeurd of waarop zij als goedgekeurd geldt, als
        bepaald in het artikel Renovatieverplichting, en niet eerder, ook niet op de dag van de
        levering.

        Koper laat zich, met de leden van zijn huishouden, onverwijld na de goedkeuring in de
        Basisregistratie Personen (BRP) inschrijven op het adres van de Woning en blijft daar
        gedurende de gehele termijn ingeschreven. Op verzoek van Verkoper toont Koper zijn
        inschrijving aan. Verkoper kan de bewoning ook op andere wijze controleren.

        Vanaf de dag van de levering tot het einde van de termijn van de zelfbewoningsplicht,
        dus ook tijdens de renovatie, is het Koper niet toegestaan:

        - de Woning geheel of gedeeltelijk te verhuren, in gebruik te geven of anderszins door
          anderen dan Koper en de leden van zijn huishouden te laten bewonen;
        - de Woning geheel of gedeeltelijk te vervreemden, daaronder begrepen een onverdeeld
          aandeel in de Woning, of zich tot vervreemding te verbinden;
        - de Woning te bezwaren met een recht van vruchtgebruik of van gebruik en bewoning.
        """,
        ),
        (
            "antispeculatie",
            "Anti-speculatiebeding",
            """
        Vervreemdt Koper de Woning geheel of gedeeltelijk binnen {antispeculatie_jaren} jaar na
        de levering, dan is Koper aan Verkoper verschuldigd: {antispeculatie_regeling}. Dit
        artikel laat het verbod op vervreemding uit het artikel Zelfbewoningsplicht onverlet.

        Het aandeel van {antispeculatie_winstdeel} wordt berekend over de winst. Onder winst
        wordt verstaan: de prijs waarvoor Koper de Woning vervreemdt, verminderd met de koopsom
        van {koopsom} en met de kosten die Koper aantoonbaar, met facturen, voor de renovatie en
        verbetering van de Woning heeft gemaakt. Is het verschil nul of negatief, dan is er geen
        winst en is niets verschuldigd. Wordt de Woning anders dan tegen een prijs in geld
        vervreemd, dan geldt als prijs de waarde van de Woning in het economische verkeer op de
        dag van de vervreemding.

        Onder vervreemding wordt mede verstaan: de vervreemding van een onverdeeld aandeel, de
        inbreng van de Woning in een vennootschap of andere rechtspersoon, en de vestiging van
        een recht van erfpacht, opstal of vruchtgebruik op de Woning.

        Het bedrag is verschuldigd op de dag van de levering aan de verkrijger. Koper verleent
        de notaris die die levering verzorgt onherroepelijk opdracht het bedrag uit de
        verkoopopbrengst aan Verkoper te voldoen. Een ontheffing als bedoeld in het artikel
        Boetebeding kan ook voor dit artikel worden verleend.
        """,
        ),
        (
            "kettingbeding",
            "Kettingbeding",
            """
        Koper is verplicht de verplichtingen uit de artikelen {artikelen_kettingbeding},
        alsmede dit artikel, bij iedere vervreemding van de Woning of een deel daarvan en bij
        iedere vestiging van een zakelijk genotsrecht daarop, aan de verkrijger op te leggen en
        ten behoeve van Verkoper door die verkrijger te doen aannemen.

        De verkrijger wordt daarbij op zijn beurt verplicht deze verplichtingen, met inbegrip van
        dit kettingbeding, op dezelfde wijze aan iedere volgende verkrijger op te leggen.

        Komt Koper deze verplichting niet na, dan is daarop alleen het artikel Boetebeding van
        toepassing. De verplichtingen uit dit artikel en de genoemde artikelen worden opgenomen
        in de akte van levering.
        """,
        ),
        # One breach, one penalty (contracts.penalties): a penalty replaces damages (art. 6:92
        # lid 2 BW) and is due only after default unless the clause says otherwise (art. 6:93
        # BW), so each breach names one penalty and says whether notice comes first; the court
        # may moderate it (art. 6:94 BW).
        (
            "boete",
            "Boetebeding",
            """
        Komt Koper een verplichting uit de artikelen Renovatieverplichting, Zelfbewoningsplicht
        of Kettingbeding niet na, dan verbeurt Koper ten behoeve van Verkoper voor die
        tekortkoming eenmaal {boete_regeling}. Deze boete treedt in de plaats van
        schadevergoeding; voor dezelfde tekortkoming is geen boete uit het artikel Verzuim
        verschuldigd.

        Voor een tekortkoming in de artikelen Renovatieverplichting en Zelfbewoningsplicht is de
        boete verschuldigd nadat Verkoper Koper schriftelijk in gebreke heeft gesteld en Koper
        de daarin gestelde termijn voor herstel van ten minste {verzuim_dagen} dagen ongebruikt
        heeft laten verstrijken. Voor een tekortkoming in het artikel Kettingbeding is de boete
        direct opeisbaar, zonder ingebrekestelling, omdat een vervreemding of vestiging zonder
        het opleggen van de verplichtingen niet kan worden hersteld.

        Koper kan Verkoper schriftelijk en met redenen omkleed verzoeken om gehele of
        gedeeltelijke ontheffing van de verplichtingen uit {artikelen_ontheffing} of van de
        boete, in geval van bijzondere omstandigheden die Koper
        niet kan worden toegerekend, zoals:

        - het overlijden van Koper of van zijn echtgenoot, geregistreerd partner of
          samenwonende partner;
        - echtscheiding, ontbinding van een geregistreerd partnerschap of beëindiging van een
          duurzame samenwoning;
        - ernstige ziekte of invaliditeit van Koper of van een lid van zijn huishouden;
        - onvrijwillige werkloosheid van Koper;
        - het aanvaarden van een dienstbetrekking op zo grote afstand van de Woning dat
          dagelijks reizen in redelijkheid niet van Koper kan worden gevergd.

        Verkoper beslist op het verzoek binnen een redelijke termijn en naar redelijkheid en
        billijkheid. Verkoper kan aan een ontheffing voorwaarden verbinden. Een ontheffing is
        alleen geldig als zij schriftelijk is verleend.
        """,
        ),
        (
            "verzuim",
            "Verzuim",
            """
        Dit artikel geldt voor de verplichtingen uit deze overeenkomst waarvoor het artikel
        Boetebeding geen boete bepaalt. Schiet een van de partijen, na bij deurwaardersexploot
        of aangetekende brief in gebreke te zijn gesteld, gedurende {verzuim_dagen} dagen na de
        dag van ontvangst van de ingebrekestelling tekort in de nakoming van een of meer van die
        verplichtingen, dan is die partij in verzuim en heeft de andere partij de keuze tussen:

        - nakoming van deze overeenkomst te vorderen, in welk geval de partij in verzuim, zonder
          nadere ingebrekestelling, een boete verbeurt van {verzuim_dagboete} voor iedere dag dat
          zij na afloop van voormelde termijn in verzuim is, tot ten hoogste {verzuim_maximum};
        - deze overeenkomst door een schriftelijke verklaring te ontbinden, in welk geval de
          partij in verzuim, zonder nadere ingebrekestelling, een boete verbeurt van
          {verzuim_boete}.

        De boete bij ontbinding en de boete per dag zijn nooit beide verschuldigd. Is Koper in
        verzuim en wordt deze overeenkomst ontbonden, dan wordt de waarborgsom verrekend met de
        boete.
        """,
        ),
        (
            "bedenktijd",
            "Bedenktijd",
            """
        Koper heeft, als koper die niet handelt in de uitoefening van een beroep of bedrijf, op
        grond van artikel 7:2 van het Burgerlijk Wetboek het recht deze overeenkomst gedurende
        {bedenktijd_dagen} dagen te ontbinden (bedenktijd).

        De bedenktijd begint op de dag na die waarop de door beide partijen ondertekende
        overeenkomst of een afschrift daarvan aan Koper ter hand is gesteld, en eindigt om
        24.00 uur op de laatste dag. Op grond van de Algemene termijnenwet wordt de bedenktijd,
        als de laatste dag valt op een zaterdag, zondag of algemeen erkende feestdag, verlengd
        tot en met de eerstvolgende dag die geen zaterdag, zondag of algemeen erkende feestdag
        is, en zo nodig verder verlengd totdat zij ten minste twee dagen omvat die geen
        zaterdag, zondag of algemeen erkende feestdag zijn.

        Koper ontbindt door een schriftelijke verklaring aan Verkoper die Verkoper vóór het
        einde van de bedenktijd bereikt. Bij ontbinding is geen van de partijen een boete of
        schadevergoeding verschuldigd.

        Heeft Koper van de bedenktijd gebruikgemaakt, dan heeft Koper geen bedenktijd meer bij
        een koop van dezelfde Woning tussen dezelfde partijen die binnen zes maanden na de
        ontbinding wordt gesloten.
        """,
        ),
        (
            "einde",
            "Einde van de verplichtingen",
            """
        De verplichtingen die na de levering blijven gelden, uit de artikelen
        {artikelen_einde}, eindigen zodra aan alle volgende
        voorwaarden is voldaan:

        - de renovatie is goedgekeurd of geldt als goedgekeurd, als bepaald in het artikel
          Renovatieverplichting;
        - de termijn van de zelfbewoningsplicht van {zelfbewoning_jaren} jaar is verstreken;
        - de termijn van {antispeculatie_jaren} jaar na de levering uit het artikel
          Anti-speculatiebeding is verstreken;
        - Koper heeft ieder op grond van deze overeenkomst verbeurd of verschuldigd bedrag
          betaald.

        Verkoper geeft Koper dan op diens schriftelijk verzoek onverwijld een ondertekende
        verklaring dat Koper van deze verplichtingen is bevrijd (verklaring van vrijstelling).
        Met die verklaring eindigt ook het kettingbeding: Koper en iedere volgende verkrijger
        hoeven de verplichtingen niet meer aan een volgende verkrijger op te leggen. De notaris
        die een latere levering van de Woning verzorgt, mag op de verklaring vertrouwen.

        Verleent Verkoper Koper eerder ontheffing als bedoeld in het artikel Boetebeding, dan
        geldt het vorige lid voor de verplichtingen waarvan Koper is ontheven.
        """,
        ),
        (
            "slot",
            "Slotbepalingen",
            """
        Op deze overeenkomst is Nederlands recht van toepassing. Geschillen die uit deze
        overeenkomst voortvloeien, worden voorgelegd aan de bevoegde rechter.

        De artikelen van deze overeenkomst die na de levering blijven gelden, waaronder de
        artikelen {artikelen_na_levering}, worden in de notariële akte van levering herhaald en
        blijven na de levering van kracht.

        Bestaat Koper uit meer dan één persoon, dan zijn zij hoofdelijk verbonden voor alle
        verplichtingen uit deze overeenkomst. Mededelingen op grond van deze overeenkomst
        geschieden schriftelijk.
        """,
        ),
    ]
)

# Letters by kind: each a short list of (key, title, body); an empty title is a paragraph
# without a heading (salutation, opening).
LETTERS: dict[str, list[tuple[str, str, str]]] = {
    "offer_letter": _unwrapped(
        [
            (
                "aanhef",
                "",
                """
            Geachte {koper},

            Met genoegen bieden wij u de woning aan {woning_adres} te koop aan. U bent voor deze
            woning geselecteerd in de verkoopronde waarvoor u zich hebt ingeschreven.
            """,
            ),
            (
                "aanbod",
                "Koopsom en financieringseis",
                """
            De koopsom bedraagt {koopsom}, {kosten}. Voor deze woning geldt een financieringseis
            van {financieringseis}: u moet de koopsom en een renovatiebudget van ten minste
            {minimaal_renovatiebudget} samen kunnen financieren. Het renovatiebudget wordt door
            uw geldverstrekker in een bouwdepot gehouden tot de renovatie klaar is.
            """,
            ),
            (
                "antwoord",
                "Uw antwoord",
                """
            Wilt u dit aanbod aannemen of afwijzen? Geef uw antwoord in het portaal, uiterlijk
            op {antwoord_uiterlijk}. Antwoordt u niet binnen die termijn, dan vervalt het aanbod
            en bieden wij de woning aan de eerstvolgende reservekandidaat aan.

            Als u het aanbod aanneemt, vragen wij u in het portaal nog om de gegevens die voor
            de koopovereenkomst en de akte nodig zijn: uw geboorteplaats, burgerlijke staat en
            huidige adres.
            """,
            ),
            (
                "vervolg",
                "Wat er daarna gebeurt",
                """
            - U ontvangt de koopovereenkomst ter ondertekening.
            - Na ondertekening hebt u {bedenktijd_dagen} dagen wettelijke bedenktijd. In die
              tijd kunt u de koop zonder kosten ontbinden.
            - Uiterlijk op {financieringsvoorbehoud_datum} moet uw financiering rond zijn.
            - De levering vindt plaats bij {notaris}, naar verwachting op {leveringsdatum}.

            Deze brief is nog geen koopovereenkomst. De koop komt pas tot stand als u en de
            gemeente de koopovereenkomst hebben ondertekend.
            """,
            ),
        ]
    ),
    "rejection_letter": _unwrapped(
        [
            (
                "aanhef",
                "",
                """
            Geachte {koper},

            U hebt zich ingeschreven voor de verkoop van klushuizen. Helaas moeten wij u
            meedelen dat u niet bent geselecteerd: er is aan u geen woning toegewezen.
            """,
            ),
            (
                "dank",
                "",
                """
            Wij danken u hartelijk voor uw belangstelling en voor de tijd en moeite die u in uw
            inschrijving en uw renovatieplan hebt gestoken.
            """,
            ),
            (
                "reservelijst",
                "Reservelijst",
                """
            Voor iedere woning houden wij een reservelijst bij. Ziet een gekozen koper af van
            de woning, dan bieden wij die aan de reservekandidaten aan, in de volgorde van de
            reservelijst. In het portaal ziet u of u op een reservelijst staat. U hoeft daarvoor
            niets te doen: komt een woning voor u vrij, dan nemen wij contact met u op.
            """,
            ),
            (
                "inschrijfgeld",
                "Inschrijfgeld",
                """
            Hebt u voor deze verkoopronde inschrijfgeld betaald, dan krijgt u dit terug volgens
            de voorwaarden van de verkoopronde. U hoeft daarvoor zelf niets te doen.
            """,
            ),
        ]
    ),
    "notary_instruction": _unwrapped(
        [
            (
                "aanhef",
                "",
                """
            Geachte notaris,

            Hierbij verzoeken wij u de akte van levering voor te bereiden van de woning aan
            {woning_adres}, kadastraal bekend als {kadastraal}, aan {koper}, voor een koopsom
            van {koopsom}, {kosten}. De levering is gepland op {leveringsdatum}. De door
            partijen ondertekende koopovereenkomst met bijlagen gaat als bijlage bij deze brief.
            """,
            ),
            (
                "waarborgsom",
                "Waarborgsom",
                """
            Koper stort uiterlijk op {waarborgsom_datum} een waarborgsom van {waarborgsom} op
            uw kwaliteitsrekening, of stelt een bankgarantie voor hetzelfde bedrag. Wilt u ons
            laten weten wanneer u de waarborgsom of de bankgarantie hebt ontvangen?
            """,
            ),
            (
                "bepalingen",
                "Op te nemen bepalingen",
                """
            Wij verzoeken u de volgende verplichtingen uit de koopovereenkomst in de akte van
            levering op te nemen, met een kettingbeding en een boetebeding:

            - de financieringseis van {financieringseis}, zijnde de koopsom vermeerderd met een
              minimaal renovatiebudget van {minimaal_renovatiebudget}, dat in een bouwdepot bij
              de geldverstrekker wordt ondergebracht tot de renovatie gereed is;
            - de renovatieverplichting volgens {programma_van_eisen}: aanvang uiterlijk op
              {start_renovatie_datum} en voltooiing uiterlijk op {gereed_renovatie_datum};
            - de zelfbewoningsplicht van ten minste {zelfbewoning_jaren} jaar, te rekenen vanaf
              de schriftelijke goedkeuring van de voltooide renovatie door {verkoper};
            - het anti-speculatiebeding: bij vervreemding binnen {antispeculatie_jaren} jaar na
              de levering is Koper verschuldigd: {antispeculatie_regeling};
            - het kettingbeding, waardoor deze verplichtingen overgaan op iedere volgende
              verkrijger, op verbeurte van de boete;
            - het boetebeding: bij overtreding verbeurt Koper {boete_regeling}.
            """,
            ),
            (
                "identificatie",
                "Identificatie van Koper",
                """
            Het portaal van de gemeente verwerkt geen burgerservicenummers. Wij verzoeken u de
            identiteit van Koper bij het passeren van de akte vast te stellen aan de hand van
            een geldig identiteitsbewijs en de gegevens die u daarnaast voor de akte nodig hebt
            zelf bij Koper op te vragen.

            Wilt u de concept-akte en de concept-nota van afrekening tijdig vóór de levering aan
            ons toezenden?
            """,
            ),
        ]
    ),
    # After the sale (issue #16): the decision on an exemption request and the notice of
    # default. Aftercare fills in the placeholders from the decision and the signed version.
    "exemption_decision": _unwrapped(
        [
            (
                "aanhef",
                "",
                """
            Geachte {koper},

            Op {verzoek_datum} hebt u ons gevraagd om ontheffing van de verplichtingen uit de
            koopovereenkomst voor de woning aan {woning_adres}, op grond van: {verzoek_grond}.
            In deze brief leest u ons besluit.
            """,
            ),
            (
                "besluit",
                "Ons besluit",
                """
            Wij hebben besloten: {besluit}.

            De verplichting waarop uw verzoek ziet: {verplichting}.

            De nieuwe termijn: uiterlijk op {nieuwe_termijn}. De overige verplichtingen uit de
            koopovereenkomst blijven onverminderd gelden.
            """,
            ),
            (
                "redenen",
                "Waarom wij zo hebben besloten",
                """
            {besluit_redenen}
            """,
            ),
            (
                "bezwaar",
                "Niet eens met dit besluit?",
                """
            Dit besluit is genomen op grond van de koopovereenkomst. Bent u het er niet mee eens,
            neem dan binnen zes weken na de datum van deze brief schriftelijk contact met ons op
            en vermeld daarbij het kenmerk van deze brief.
            """,
            ),
        ]
    ),
    "default_notice": _unwrapped(
        [
            (
                "aanhef",
                "",
                """
            Geachte {koper},

            In de koopovereenkomst voor de woning aan {woning_adres} hebt u zich verplicht tot
            het volgende: {verplichting}, uiterlijk op {verplichting_datum}.
            """,
            ),
            (
                "feiten",
                "Wat wij hebben vastgesteld",
                """
            {feiten}
            """,
            ),
            (
                "ingebrekestelling",
                "Ingebrekestelling",
                """
            Hierbij stellen wij u in gebreke. Wij geven u de gelegenheid om de verplichting
            alsnog na te komen binnen {nakoming_dagen} dagen na de dag waarop deze brief is
            verzonden, dat is uiterlijk op {nakoming_uiterlijk}.
            """,
            ),
            (
                "gevolg",
                "Als u niet binnen de termijn nakomt",
                """
            Komt u de verplichting niet binnen die termijn na, dan verbeurt u op grond van het
            artikel {boete_artikel} van de koopovereenkomst {boete_regeling}. Voor dezelfde
            tekortkoming is maar één boete verschuldigd.

            Hebt u bijzondere omstandigheden die u niet kunnen worden toegerekend, dan kunt u in
            het portaal om ontheffing vragen.
            """,
            ),
            (
                "verzending",
                "",
                """
            Deze ingebrekestelling is verzonden per {verzendwijze} op {verzonden_op}.
            """,
            ),
        ]
    ),
    "release_statement": _unwrapped(
        [
            (
                "verklaring",
                "",
                """
            {verkoper} verklaart dat {koper}, koper van de woning aan {woning_adres},
            kadastraal bekend als {kadastraal}, geleverd op {leveringsdatum}, met ingang van
            {vrijstelling_datum} is bevrijd van de verplichtingen uit de koopovereenkomst met
            kenmerk {kenmerk_overeenkomst} die na de levering bleven gelden, uit de artikelen
            {artikelen_einde}.
            """,
            ),
            (
                "grond",
                "Grond",
                """
            {vrijstelling_grond}
            """,
            ),
            (
                "gevolg",
                "Gevolg",
                """
            Met deze verklaring eindigt ook het kettingbeding: Koper en iedere volgende
            verkrijger hoeven deze verplichtingen niet meer aan een volgende verkrijger op te
            leggen. De notaris die een latere levering van de woning verzorgt, mag op deze
            verklaring vertrouwen.
            """,
            ),
            (
                "controle",
                "Controle",
                """
            De koopovereenkomst waarop deze verklaring ziet, is in het portaal van {verkoper}
            bewaard met SHA-256 {hash_overeenkomst}. Deze verklaring is bewaard met haar eigen
            SHA-256 onder het kenmerk hierboven; {verkoper} bevestigt op verzoek dat een
            exemplaar daarmee overeenkomt.
            """,
            ),
        ]
    ),
}
