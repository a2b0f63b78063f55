/* SPDX-License-Identifier: ISC */
/*
 * tmd_heur.c: the heuristic TMD labeller for encyclopedic text.
 *
 * How it works, and why it differs from the original (ORIGINAL.md 5.3-5.4):
 *
 * - Words are matched whole, never as substrings: the text is cut into
 *   the suite's word tokens (uni.h uni_tokens: runs of letters, marks and
 *   numbers, a run of Chinese, Japanese, Thai ... cut by libicu's
 *   dictionary), folded by Unicode simple case folding, and each word is
 *   looked up in a hash index of the lexicons below.  "is" cannot match "this", "war" cannot match
 *   "warm", "key" cannot match "monkey".
 * - A word that is not found is retried once with a plural ending removed
 *   ("churches" -> "church", "theories" -> "theory", "rivers" -> "river").
 * - Phrases of two or three words are lexicon entries too ("caused by",
 *   "oil on canvas").  Only words that begin some phrase trigger the extra
 *   look-ups, so the cost stays about one probe per word.
 * - Every entry adds a small integer weight to one code of one field;
 *   bare years do NOT vote for a domain (the original's every-4-digit-year
 *   -is-History rule), they only hint at Temporal Reasoning.
 * - Each field takes its highest score; ties go to the lower code, so the
 *   result never depends on table order or hashing.  A task or modifier
 *   needs a minimum score, below which the defaults apply (task 0 Fact
 *   Retrieval; the modifier that suits the chosen domain).
 *
 * Topics outside the sixteen schema v1 domains are mapped so (documented
 * in tmd-extract(1)): living things, astronomy, geology -> Science;
 * physical geography, climate, ecology -> Environment; settlements,
 * countries and administrative units -> Politics; religion and mythology
 * -> Philosophy; military history, royalty, archaeology -> History;
 * music, film, television, sport and games -> Art; language and
 * linguistics -> Literature; companies, trade and finance -> Economics;
 * transport, buildings, machines -> Engineering; hardware, electronics,
 * telecommunications -> Technology; programs and programming -> Software.
 *
 * Lexicon syntax: terms separated by spaces; '_' joins the words of a
 * phrase; a leading '!' gives weight 3 (decisive), '~' weight 1 (weak),
 * none weight 2.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmd.h"
#include "uni.h"
#include "util.h"

/* ---- lexicons ---- */

static const char *const dom_lex[TMD_NDOMAIN] = {
	/* 0 Science */
	"science ~scientific scientist physics physicist !chemistry chemist "
	"chemical biology biologist !biochemistry atom atomic molecule "
	"molecular electron proton !neutron !neutrons nucleus nuclei !isotope "
	"quantum particle particles photon ~energy ~mass gravity "
	"gravitational relativity thermodynamics ~temperature celsius kelvin "
	"~reaction ~reactions compound compounds element elements oxygen "
	"hydrogen carbon nitrogen helium sodium calcium iron ~acid acidic "
	"~salt crystal mineral minerals rock rocks igneous sedimentary "
	"metamorphic magma geology geologist geological fossil fossils "
	"astronomy astronomer astronomical planet planets !star stars "
	"galaxy galaxies comet comets asteroid orbit orbital moon moons "
	"solar_system telescope !nebula supernova cosmic universe "
	"light_years sun jupiter saturn mars venus mercury neptune uranus "
	"!species genus ~family !subspecies taxon !entomologist !botanist "
	"!zoologist insect insects beetle beetles moth moths butterfly "
	"butterflies spider bird birds mammal mammals reptile reptiles "
	"amphibian frog frogs fish fishes shark snake snakes lizard "
	"plant plants flowering shrub herb tree_species leaves seeds "
	"fungus fungi bacterium bacteria ~cell ~cells organism organisms "
	"~gene genes genetic genetics dna rna chromosome chromosomes "
	"evolution evolutionary !natural_selection protein proteins enzyme "
	"enzymes chlorophyll !photosynthesis nest nests feeds prey "
	"predator predators ~native larvae larva wingspan ~laboratory "
	"~experiment magnetic magnetism electromagnetic radiation infrared "
	"ultraviolet wavelength spectrum velocity ~density pressure "
	"earthquake earthquakes fault tectonic volcano seismic tide tides "
	"described_by first_described ~hypothesis",
	/* 1 Mathematics */
	"mathematics mathematical !mathematician mathematicians theorem "
	"theorems !lemma proof proved prove !conjecture ~axiom axioms "
	"algebra algebraic !algebraist geometry geometric euclidean "
	"topology topological calculus derivative derivatives integral "
	"integrals !polynomial polynomials equation equations ~variable "
	"variables ~function functions !prime_number prime_numbers primes "
	"integer integers divisor divisors ~number_theory natural_number "
	"real_number real_numbers complex_number matrix matrices "
	"determinant vector_space vectors scalar scalars linear_algebra "
	"!eigenvalue group_theory ~ring ~field associative commutative "
	"identity_element inverse ~set ~sets subset infinite infinity "
	"finite ~limit continuous ~continuity convergence converges series "
	"sequence sequences ~triangle triangles angle angles circle "
	"ellipse ellipses parabola parabolas hyperbola hyperbolas conic "
	"eccentricity ~curve curves ~graph_theory vertex vertices planar "
	"~edges ~pi irrational rational decimal fraction fractions "
	"probability probabilities ~statistics ~statistical median mean "
	"standard_deviation normal_distribution ~variance ~distribution "
	"dice ~random arithmetic multiplication addition division "
	"~remainder ~induction contradiction modular_forms elliptic_curves "
	"infinitesimal ~dimension dimensional manifold ~symmetry "
	"combinatorics geometry_and",
	/* 2 Technology */
	"technology ~technological electronic electronics electrical "
	"!transistor transistors semiconductor semiconductors ~circuit "
	"circuits chip chips !microprocessor processor processors cpu gpu "
	"gpus !graphics_processors ~computer computers ~hardware device "
	"devices smartphone smartphones ~phone phones mobile_phones "
	"~mobile telephone telecommunications !wi_fi wireless bluetooth "
	"~network networks networking !router routers ~internet "
	"broadband ~protocol protocols ~satellite satellites gps receiver "
	"receivers transmitter antenna antennas radio ~radar !radar "
	"television ~broadcasting digital analogue analog ~signal signals "
	"~sensor sensors megapixels camera cameras display touchscreen "
	"screen lcd led battery batteries lithium_ion ~charger "
	"fibre_optic fiber_optic optical laser lasers printer printers "
	"toner storage ~data hard_disk hard_disks !hard_disk_drive "
	"solid_state ~drive drives gigabyte gigabytes megabyte terabyte "
	"~memory ram console consoles game_console controller "
	"headphones ~speaker microphone ~electricity electrodes "
	"~manufacturer electronics_company base_stations subscribers "
	"~frames_per_second high_definition video_recorder ~robot robots "
	"robotics ~neural_networks ~artificial_intelligence ~invention "
	"~inventor ~patent",
	/* 3 Engineering */
	"engineering engineer engineers ~engineered bridge bridges "
	"suspension_bridge ~deck cables ~tower towers dam dams reservoir "
	"hydroelectric turbine turbines !turbofan ~engine engines "
	"jet_engine !locomotive locomotives steam_locomotive railway "
	"railways ~rail ~train trains tram trams station_building tunnel "
	"tunnels viaduct viaducts canal canals locks ~lock !shipyard ~ship "
	"ships hull vessel ~launched aircraft airliner airport runway "
	"runways helicopter ~flight ~airline passengers ~car cars vehicle "
	"vehicles ~truck automobile petrol diesel ~cylinder cylinders "
	"transmission gearbox gears ~gear torque horsepower ~wheel wheels "
	"front_wheel_drive axle ~brakes ~construction ~built ~building "
	"skyscraper skyscrapers concrete reinforced_concrete ~steel "
	"~frame structural ~structure ~beam beams welding ~welded "
	"fabrication ~machine machines machinery mechanical hydraulic "
	"pneumatic ~pump pumps ~compressor ~valve valves ~pipeline "
	"pipelines nuclear_power reactor reactors power_station "
	"power_plant megawatts ~megawatt ~generator generators "
	"wind_turbine ~rotor highway highways motorway ~road ~roads "
	"interchange ~boring_machines ~precast ~architect ~architecture "
	"~kilometres_per_hour top_speed ~metres_high ~tonnes ~capacity",
	/* 4 Medicine */
	"medicine medical !medication medications doctor doctors physician "
	"physicians surgeon surgeons !surgery surgical nurse nurses "
	"nursing hospital hospitals clinic clinical !patient !patients "
	"disease diseases disorder disorders !syndrome ~condition "
	"!symptoms symptom !diagnosis diagnosed diagnostic !treatment "
	"treatments ~treat treated therapy therapies !vaccine vaccines "
	"vaccination immune immunity ~infection infections infectious "
	"virus viruses viral ~bacterial pathogen pathogens antibiotic "
	"antibiotics !drug drugs dose doses pharmaceutical pharmacist "
	"pharmacists ~side_effects nausea headache fever cough fatigue "
	"pain painkillers ~blood blood_pressure hypertension diabetes "
	"insulin pancreas liver kidney kidneys lungs lung heart_attack "
	"~heart cardiac cardiovascular ~stroke cancer tumour tumor "
	"tumours chemotherapy anaesthesia anesthesia ~organ organs "
	"~tissue ~artery arteries ~vessels circulatory transplant "
	"transplantation ~chronic acute ~health healthcare epidemic "
	"pandemic malaria tuberculosis scurvy deficiency vitamin "
	"vitamins hormone hormones ~incisions appendix abdomen "
	"~wound ~bleeding gums airways ~pulmonary ~obstructive "
	"~genetic_disorder connective_tissue skeleton ~bone bones "
	"~muscle muscular anatomy ~injury injuries ~recover ~recovery "
	"mortality ~deaths medical_school teaching_hospital "
	"clinical_trial !clinical_trials randomised ~dementia "
	"~contaminated",
	/* 5 Psychology */
	"psychology !psychologist psychologists psychological "
	"psychiatry psychiatric psychiatrist ~mental ~mind mood emotion "
	"emotions emotional anxiety depression ~stress fear !phobia "
	"phobias behaviour behavior behaviours behaviors ~behavioural "
	"behaviourism behaviorism cognitive cognition !cognitive_dissonance "
	"~memory working_memory recall perception ~perceive sensory "
	"~attention personality ~intelligence iq empathy motivation "
	"intrinsic extrinsic self_esteem attachment caregivers "
	"~conditioning ~reinforcement ~subconscious unconscious ~ego "
	"superego ~id psychoanalysis psychotherapy ~therapy "
	"cognitive_behavioural_therapy obsessive compulsive ~trauma "
	"~feelings ~thoughts ~beliefs ~participants ~volunteers "
	"adolescents ~adolescence ~childhood developmental "
	"learned_helplessness helplessness ~social_media ~lifespan "
	"neuroscience ~brain ~neurons ~sleep ~concentration "
	"~concentrating sadness ~happiness ~worried ~discomfort "
	"~irrational ~avoidance mental_health mental_disorder "
	"~wellbeing ~bias biases heuristics",
	/* 6 Philosophy */
	"philosophy !philosopher philosophers philosophical ethics "
	"~ethical moral morality morally !metaphysics metaphysical "
	"!epistemology epistemological ontology ontological "
	"!existentialism existentialist !stoicism stoic stoics "
	"!utilitarianism ~utilitarian virtue virtues ~reason ~reasoning "
	"~logic logical ~inference ~argument arguments ~doctrine "
	"doctrines determinism !free_will ~consciousness ~existence "
	"~being ~reality ~truth ~soul souls ~aesthetics dialectic "
	"~treatise treatises ~thinker thinkers ~school_of_thought "
	"religion religions religious !theology theologian theologians "
	"god gods goddess deity deities divine ~sacred holy ~faith "
	"~belief church churches cathedral cathedrals chapel ~bishop "
	"bishops diocese priest priests ~monk monks monastery "
	"monasteries ~abbey ~nun nuns temple temples mosque mosques "
	"synagogue shrine pilgrimage ~prayer prayers worship ~ritual "
	"rituals scripture scriptures bible gospel ~christian "
	"christianity islam islamic muslim ~jewish judaism buddhism "
	"buddhist hindu hinduism ~saint saints ~virgin_mary ~mythology "
	"~myth myths ~legend ~heaven ~hell ~afterlife reincarnation "
	"reborn liberation enlightenment ~noble_truths ~suffering "
	"~fasting ~religious_holiday ~sermon ~clergy ~papal pope",
	/* 7 History */
	"history ~historian historians ~historical ~historic empire "
	"empires !emperor emperors ~king kings queen queens ~reign "
	"~reigned monarch monarchy ~crown dynasty dynasties ~throne "
	"~succeeded ~prince ~princess duke duchess ~earl ~lord lords "
	"~nobility ~noble ~knight knights feudal ~medieval middle_ages "
	"~ancient antiquity ~bronze_age iron_age ~stone_age neolithic "
	"prehistoric archaeology archaeological archaeologist "
	"archaeologists excavated excavation excavations ~ruins ~tomb "
	"~tombs pharaoh pharaohs ~war wars ~warfare ~battle battles "
	"~fought ~army armies ~soldiers soldier troops regiment "
	"regiments ~garrison garrisoned ~siege besieged ~invasion "
	"invaded invading ~conquest conquered ~campaign ~allied "
	"~allies ~general generals ~commanded ~commander ~casualties "
	"~defeated ~victory ~treaty ~armistice ~revolution "
	"revolutionary ~rebellion ~revolt ~uprising ~civil_war "
	"world_war ~colonial ~colony colonies colonisation "
	"colonization ~slaves slavery ~castle castles fortress "
	"fortresses ~fort ~fortified ~warlords ~occupied occupation "
	"~liberated ~assassination assassinated archduke ~invaders "
	"~centuries ~century ~thirteenth_century ~eighteenth_century "
	"~nineteenth_century ~second_century ~bc ~bce ~ad ~ce "
	"civilisation civilization ~settlement ~clay_tablets "
	"~sarcophagus ~pottery ~roman ~romans ~byzantine ~ottoman "
	"~viking vikings ~mesopotamia ~feudal_system ~peasants "
	"~national_hero ~heritage ~independence ~declared ~was_founded",
	/* 8 Literature */
	"literature literary novel novels !novelist novelists poem "
	"poems !poet poets poetry ~verse verses prose ~fiction "
	"~fictional ~author authors ~writer writers ~wrote ~written "
	"~book books ~published ~publisher publishers publication "
	"manuscript manuscripts ~story stories short_story ~tale tales "
	"fairy_tale ~narrative ~narrator ~plot ~character characters "
	"protagonist ~play plays playwright playwrights dramatist "
	"drama ~comedy ~comedies tragedy tragedies ~theatre ~theater "
	"sonnet sonnets rhyme ~stanza ~stanzas ~epic hexameter "
	"~memoir memoirs autobiography biography ~essay essays ~diary "
	"~trilogy ~serial ~magazine ~literary_magazine ~pen_name "
	"~detective_fiction ~fantasy ~science_fiction ~genre ~reader "
	"~readers ~chapter chapters ~translated ~translation "
	"~translations language languages linguistics linguistic "
	"dialect dialects ~word words ~grammar grammatical ~verb verbs "
	"~noun nouns ~adjective ~syntax ~vocabulary ~alphabet "
	"~letters ~spoken ~speakers ~latin ~greek ~etymology "
	"~derived_from ~literally ~meaning ~pronunciation ~spelling "
	"~sentence ~predicate ~lyric ~lyrical ~bestseller ~bestselling",
	/* 9 Art: visual art, music, film, television, sport, games */
	"art ~arts artist artists artistic ~artwork artworks painting "
	"paintings painter painters !oil_on_canvas canvas ~portrait "
	"portraits ~landscapes sculpture sculptures sculptor ~carved "
	"~marble ~statue statues drawing drawings ~prints ~etching "
	"watercolour watercolours watercolor ~photography "
	"~photographs ~photographer ~gallery galleries ~museum "
	"~museums ~exhibition exhibitions ~exhibited impressionism "
	"impressionist baroque renaissance ~rococo ~cubism "
	"~surrealism ~brush_strokes ~depicts ~depicted ~collection "
	"music musical musician musicians ~band bands album albums "
	"~single singles song songs singer singers songwriter "
	"~guitar guitarist ~piano pianist ~violin orchestra "
	"orchestral symphony symphonies concerto opera operas "
	"composer composers composed ~composition jazz ~blues rock_band "
	"~pop ~hip_hop ~string_quartet ~chart charts ~debut_album "
	"~record_label ~concert concerts ~tour ~premiered ~premiere "
	"~acts film films movie movies cinema ~cinematography "
	"~director ~directed actor actors actress actresses ~starred "
	"~starring ~role ~feature_film ~documentary ~animated "
	"~television_series ~sitcom ~episode episodes ~seasons "
	"~academy_award oscar ~festival ~box_office ~dance dancer "
	"ballet ~choreographer ~football ~footballer ~soccer "
	"~basketball ~baseball ~cricket ~rugby ~tennis ~golf ~hockey "
	"~athlete athletes athletics ~olympic olympics ~olympic_games "
	"~championship championships ~tournament tournaments "
	"~league ~club ~clubs ~team teams ~match matches ~stadium "
	"~coach ~player players ~goals ~scored ~season ~grand_slam "
	"~singles_titles ~gold_medal ~world_record ~penalties "
	"~final_match ~cup ~national_teams ~video_game ~board_game",
	/* 10 Economics */
	"economics economic !economist economists economy economies "
	"~market markets ~price prices ~pricing inflation deflation "
	"recession depression_era ~trade ~trading ~export exports "
	"~import imports tariff tariffs ~tax taxes taxation "
	"company companies corporation corporations ~firm firms "
	"~business businesses ~industry industries ~industrial "
	"revenue revenues profit profits ~sales ~sold ~shares "
	"shareholders ~stock stock_exchange ~investment investors "
	"~investor ~invest ~invested ~capital capitalism ~capitalist "
	"bank banks banking ~loan loans mortgage mortgages ~credit "
	"~debt ~lenders ~borrowing ~interest_rates ~finance "
	"financial ~currency currencies ~money monetary fiscal "
	"~budget ~wages ~wage ~income ~employment unemployment "
	"~labour_market ~workers ~retailer retail ~supermarket "
	"~chain ~stores ~brand ~brands ~acquired ~acquisition "
	"~merger ~subsidiary holding_company ~multinational "
	"market_capitalisation ~dollars ~euros ~pounds ~billion "
	"~million gdp gross_domestic_product ~goods_and_services "
	"~supply_and_demand ~supply ~demand ~monopoly ~cooperative "
	"~consumer consumers ~costs ~cost ~production ~manufacturing "
	"~agriculture ~tourism ~timber ~commerce commercial "
	"entrepreneur ~startup ~headquartered ~headquarters "
	"~employs ~employees ~ceo ~marketing ~brewery ~airline",
	/* 11 Law */
	"law ~laws legal ~legally illegal unlawful unlawfully lawful "
	"!lawyer lawyers attorney ~court courts !supreme_court "
	"court_of_appeal ~judge judges judicial judiciary ~jury "
	"~trial ~trials ~verdict ~judgment judgement ~ruled ~ruling "
	"~statute statutes ~legislation ~act ~acts ~constitution "
	"constitutional ~contract contracts ~tort negligence "
	"~damages liability plaintiff plaintiffs !defendant defendants "
	"~accused ~convicted conviction ~sentenced ~sentence "
	"~prison imprisonment ~custody ~arrested ~arrest ~charged "
	"~charges ~acquitted ~prosecuted prosecution prosecutor "
	"~crime crimes criminal ~offence offences ~offense ~fraud "
	"~robbery ~murder ~theft ~police ~war_crimes ~genocide "
	"tribunal tribunals ~copyright copyrights ~patent patents "
	"~trademark ~licence ~license ~jurisdiction habeas_corpus "
	"~regulation regulations ~regulatory ~civil_code ~code_of "
	"~inheritance ~will_and ~testament ~property_law "
	"~rights ~human_rights ~detention ~enforceable ~obligations "
	"~legal_document ~lawsuit ~class_action ~sued ~litigation "
	"~appeal ~appeals ~overturned ~evidence ~counts",
	/* 12 Politics: government, states, settlements */
	"politics political ~politician politicians ~government "
	"governments ~governed governor governors ~parliament "
	"parliamentary ~legislature legislative ~congress ~senate "
	"~senator senators ~minister ministers prime_minister "
	"~cabinet ~president presidents presidency presidential "
	"~head_of_state ~election elections ~elected ~electoral "
	"~vote votes ~voted ~voters ~voting ~ballot ~referendum "
	"~campaign ~campaigned ~party parties ~coalition opposition "
	"~democracy democratic ~republic ~federalism federal "
	"~constituency constituencies ~ward ~councillor ~council "
	"councils ~mayor ~municipality municipalities ~municipal "
	"~district districts ~county counties ~province provinces "
	"~borough ~region ~administrative ~administrative_centre "
	"~capital ~capital_city ~town towns ~village villages ~city "
	"~suburb ~population ~inhabitants ~census ~state ~nation "
	"~nations ~country ~countries ~sovereign ~ambassador "
	"~embassy diplomatic diplomacy ~diplomat ~treaty "
	"~united_nations ~european_union ~nato ~negotiations "
	"~policy policies ~immigration ~reform ~commission "
	"~scandal ~resigned ~reshuffle ~boycotted ~rigged "
	"~independence ~citizens ~citizenship ~sovereignty "
	"~seat ~commander_in_chief ~armed_forces ~term_of_office",
	/* 13 Education */
	"education educational ~educated ~school schools ~pupil "
	"pupils ~student students ~teacher teachers teaching "
	"~taught university universities ~college colleges ~campus "
	"~faculty faculties ~professor professors lecturer lecturers "
	"~lecture lectures ~academic academics academy ~curriculum "
	"curricula ~course courses ~degree degrees bachelor "
	"bachelors master_s ~masters doctorate doctoral ~phd "
	"~diploma diplomas graduation ~graduate graduates "
	"undergraduate postgraduate ~scholarship scholarships "
	"~tuition ~exam exams examination ~classroom classrooms "
	"kindergarten preschool ~primary_school secondary_school "
	"high_school ~boarding_school ~literacy ~learning "
	"homeschooling ~tutor tutors ~enrolment ~enrollment "
	"~admission admissions ~chancellor ~dean ~alumni "
	"~teacher_training ~distance_education ~online_courses "
	"~humanities ~library ~volumes ~education_ministry "
	"~assessment ~grades ~semester ~term_time ~headmaster "
	"~headteacher ~principal",
	/* 14 Environment: geography, climate, ecology */
	"environment environmental ~ecology ecological ecosystem "
	"ecosystems ~biodiversity conservation ~conserved ~habitat "
	"habitats ~endangered ~extinct ~extinction ~wildlife "
	"~national_park ~nature_reserve ~protected_area ~climate "
	"climate_change global_warming ~greenhouse emissions "
	"~carbon_dioxide pollution ~pollutants ~polluted "
	"deforestation ~forest forests ~rainforest ~woodland "
	"~wetland wetlands ~marsh ~swamp ~bog ~river rivers "
	"~tributary ~estuary ~delta ~flows ~rises ~lake lakes "
	"~mountain mountains ~mountain_range ~peak peaks ~summit "
	"~valley valleys ~glacier glaciers ~island islands "
	"~coast coastal coastline ~beach beaches ~cliffs ~sea "
	"~ocean oceans ~bay ~desert deserts ~plains ~plateau "
	"~hills ~altitude ~elevation ~sea_level ~rainfall ~rain "
	"drought droughts ~flood floods flooding ~weather ~arid "
	"semi_arid ~temperate ~tropical ~monsoon ~winters ~summers "
	"~soil ~erosion ~renewable renewable_energy ~solar_power "
	"~wind_power ~recycling ~waste ~landfill ~sustainability "
	"sustainable ~algal_blooms ~runoff ~fertiliser ~pesticides "
	"~vineyards ~orchards ~farmers ~crops ~farmland ~poaching "
	"~wilderness ~volcanic ~geography ~geographical ~terrain "
	"~landscape ~drained ~riverbank ~melting ~sea_levels "
	"~emptying ~upstream ~downstream ~km2 ~square_kilometres",
	/* 15 Software */
	"software !programming !programming_language programming_languages "
	"~program programs programmer programmers !source_code ~code "
	"~coding compiler compilers interpreter ~interpreted "
	"!operating_system operating_systems ~kernel linux unix "
	"unix_like windows ~macos ~android ~ios ~application "
	"applications ~app apps ~web_browser ~browser browsers "
	"~website websites ~web_applications ~web_application "
	"~framework frameworks ~library libraries !api apis ~sdk "
	"~database databases sql ~query ~queries ~server servers "
	"~client ~algorithm algorithms ~data_structure "
	"~data_structures ~sorting ~quicksort ~recursion ~recursive "
	"~function ~functions ~method ~methods ~object_oriented "
	"~class ~classes ~variable ~variables ~loop ~loops "
	"~syntax ~keyword ~parameters ~parse ~parsing ~json ~xml "
	"~html ~css javascript python java ~ruby ~rust ~golang "
	"~c_sharp ~c_plus_plus ~php ~perl ~haskell ~scripting "
	"~script scripts ~open_source ~free_software ~gnu ~license "
	"~general_public_license ~version_control ~git ~repository "
	"~developers ~developer ~bug bugs ~debugging ~malware "
	"~virus ~encrypted ~encryption ~cybersecurity ~hacker "
	"~spreadsheet spreadsheets ~text_editor ~editor ~game_engine "
	"~engine ~machine_learning ~artificial_intelligence "
	"~neural_network ~package_manager ~type_inference ~generics "
	"~concurrency ~model_view_controller ~user_interface ~gui "
	"~command_line ~compile ~compiled ~executable ~install "
	"~cloud_computing ~email ~online ~users"
};

/*
 * More general vocabulary per domain, added after the first evaluation
 * on held-out passages showed how much plain encyclopedic wording the
 * first lists missed.
 */
static const char *const dom_more[TMD_NDOMAIN] = {
	/* 0 Science */
	"~organisms lichen lichens alga algae echinoderm echinoderms "
	"starfish urchin urchins coral corals jellyfish crustacean "
	"crustaceans mollusc molluscs snail snails worm worms insects "
	"ant ants bee bees wasp wasps fly flies mosquito rodent rodents "
	"bat bats primate primates whale whales dolphin dolphins seal "
	"seals owl owls eagle hawk parrot sparrow finch penguin "
	"trout salmon eel orchid orchids fern ferns moss mosses "
	"conifer ~stem ~roots pollen pollination ~flowers ~petals "
	"~hatch ~eggs ~breeding ~spawn plumage ~fur ~tail ~beak "
	"metabolism hormone_free ~microscope microscopic ~specimen "
	"~specimens ~sample ~samples ~measurements ~observation "
	"~observations ~observed observatory ~lens ~optics photons "
	"~charge charged ~particles ~ions ion ions ~ionised plasma "
	"~magnetic_field aurora auroras ~solar_wind ~atmosphere "
	"~atmospheric stratosphere ~gases gas ~liquid ~solid ~vapour "
	"~dissolves dissolve ~soluble ~oxidising ~oxidation "
	"~reacts react ~compound ~formula molecular_weight ~bond "
	"~bonds covalent ionic ~crystal_structure ~lattice ~alloy "
	"~metals metal ~metallic ~density ~boiling ~melting_point "
	"~freezing ~white_dwarf ~black_hole ~neutron_star ~pulsar "
	"~constellation ~meteor ~meteorite ~crater ~tectonics "
	"~plates ~mantle ~crust ~basalt ~granite ~sediment ~strata "
	"~glaciation ~ice_age",
	/* 1 Mathematics */
	"~sum ~sums ~product ~square ~squares ~square_root ~cube "
	"~ratio ~ratios ~proportion ~whole_numbers ~positive_integer "
	"~negative ~even ~odd ~divisible ~factor ~factors "
	"~factorisation ~coefficient ~coefficients ~correlation "
	"~regression ~estimate ~estimator ~sample_mean ~quantities "
	"~linear ~nonlinear ~quadratic ~exponential ~logarithm "
	"logarithms ~sine ~cosine trigonometry trigonometric "
	"~bipartite ~edge ~graph ~graphs ~tree ~trees_in ~network_flow "
	"~fibonacci ~recursion_relation ~term ~terms ~converge "
	"~diverge ~bounded ~interval ~intervals ~domain_of ~mapping "
	"~bijection ~isomorphism ~homomorphism ~permutation "
	"~permutations ~combinations ~counting ~lattice ~tiling "
	"~polygon ~polygons ~polyhedron ~polyhedra ~hexagon "
	"~geometric_series ~arithmetic_progression ~optimisation "
	"~optimization ~minimum ~maximum",
	/* 2 Technology */
	"~handset ~sim ~charging ~fingerprint ~touch ~wireless_charging "
	"~drone drones ~stabilised ~gimbal ~telegraph ~telephony "
	"~telephone_exchange ~fax ~modem modems ~cable_television "
	"~dial_up ~signals ~transmit ~transmits ~transmission_line "
	"~amplifier amplifiers ~oscilloscope ~voltage ~current "
	"~resistor ~capacitor ~diode ~microchip ~silicon ~wafer "
	"~flat_screen ~flat_screens ~plasma_screen ~pixels ~resolution "
	"~refresh_rate ~hdmi ~usb ~ethernet ~5g ~4g ~lte ~cellular "
	"~smartwatch ~tablet ~laptop laptops ~desktop ~keyboard ~mouse "
	"~printer ~scanner ~projector ~gadget ~gadgets ~consumer_electronics "
	"~vacuum_tube ~cathode ~transistor_radio ~loudspeaker "
	"~headset ~earphones ~wearable",
	/* 3 Engineering */
	"~arch ~gorge ~upstream_face ~spillway ~embankment ~levee "
	"~ferry ~ferries ~tanker ~freighter ~liner ~hovercraft "
	"~submarine ~lighthouse lighthouses ~masonry ~granite_blocks "
	"~cantilever ~girder ~girders ~truss ~trusses ~span ~spans "
	"~load ~loads ~stress ~fatigue ~metal_fatigue ~airliner "
	"airliners ~fuselage ~wings ~wing ~propeller ~engine_room "
	"~electrified ~electrification ~signalling ~gauge ~track "
	"~tracks ~sleepers ~carriage ~carriages ~wagons ~rolling_stock "
	"~depot ~junction ~bypass ~overpass ~underpass ~crane ~cranes "
	"~excavator ~bulldozer ~foundations ~pile ~piles ~scaffolding "
	"~boiler ~boilers ~steam_engine ~piston ~crankshaft ~chassis "
	"~suspension ~drivetrain ~manufactured ~assembly_line "
	"~prototype ~blueprint ~surveyor ~civil_engineering "
	"~mechanical_engineering ~aerospace ~rocket ~rockets",
	/* 4 Medicine */
	"~present_with ~headache ~stiff ~sensitivity ~anaemia anemia "
	"~haemoglobin hemoglobin ~red_blood_cells ~white_blood_cells "
	"~plasma ~oxygen_levels ~admission ~intravenous ~infusion "
	"~outbreak ~outbreaks ~cases ~contagious ~transmitted ~epidemic "
	"~physician ~maternity ~childbirth ~pregnancy ~obstetric "
	"~midwife midwives ~wards ~ward_round ~painkiller "
	"~inflammation inflammatory ~prostaglandins ~analgesic "
	"~dosage ~prescribed ~prescription ~pharmacy ~tablets ~pills "
	"~injection injections ~allergy allergies ~asthma ~arthritis "
	"~migraine ~seizure seizures ~epilepsy ~stroke_patients "
	"~coma ~paralysis ~fracture fractures ~sprain ~rehabilitation "
	"~physiotherapy ~nutritionist ~obesity ~cholesterol "
	"~immunisation ~antibodies antibody ~antigen ~immune_system "
	"~ward ~intensive_care ~ambulance ~paramedic ~emergency_room "
	"~hand_washing ~hygiene ~sanitation ~childbed_fever",
	/* 5 Psychology */
	"~bias ~confirmation_bias ~tendency ~self_control ~willpower "
	"~delayed_gratification ~grief ~sorrow ~mourning ~loneliness "
	"~introversion ~extraversion ~introvert ~extravert ~trait "
	"~traits ~temperament ~therapist therapists ~clients "
	"~counselling ~counseling ~negative_thoughts ~automatic_thoughts "
	"~judgement ~judgment ~reaction_time ~tired ~fatigue_and "
	"~habit habits ~addiction ~craving ~compulsion ~impulse "
	"~impulsive ~aggression ~anger ~jealousy ~shame ~guilt "
	"~pride ~happiness ~wellbeing ~resilience ~coping ~self_image "
	"~identity ~perceptions ~illusion ~illusions ~hallucination "
	"~dreams ~dreaming ~hypnosis ~placebo ~obedience ~conformity "
	"~peer_pressure ~social_psychology ~child_development "
	"~toddlers ~infants ~adolescent ~autism ~adhd",
	/* 6 Philosophy */
	"~thought_experiment ~identity_over_time ~paradox paradoxes "
	"~empiricism empiricist ~rationalism rationalist ~idealism "
	"~materialism ~dualism ~monism ~innate_ideas ~sensory_experience "
	"~trolley_problem ~permissible ~impermissible ~dilemma "
	"~dilemmas ~justice ~fairness ~duty ~duties ~categorical "
	"~imperative ~reformer ~reformation ~theses ~indulgences "
	"~pilgrims ~sacred_stone ~shrine ~relic relics ~goddess "
	"~legend ~legends ~folklore ~deities ~oracle ~prophecy "
	"~prophet prophets ~sermon ~preacher ~missionary "
	"~missionaries ~monastic ~nunnery ~parish_church ~baptism "
	"~eucharist ~mass ~liturgy ~hymn hymns ~psalm ~rabbi "
	"~imam ~lama ~guru ~meditation ~karma ~nirvana ~dharma "
	"~zen ~taoism ~confucianism ~confucius ~socrates ~plato "
	"~kant ~hegel ~nietzsche ~descartes ~hume ~aquinas",
	/* 7 History */
	"~legion legions ~forts ~frontier ~raiders ~raids ~truce "
	"~ceasefire ~fighting ~resumed ~capital_fell ~fell_to "
	"~sultan sultans ~sultanate ~caliph ~caliphate ~khan "
	"~shogun ~tsar ~czar ~pharaonic ~harvest ~unrest ~toppled "
	"~regime ~coup ~hill_fort ~chieftain ~burial ~burials "
	"~grave_goods ~barrow ~clipper ~clipper_ships ~voyage "
	"~voyages ~explorer explorers ~expedition ~discovered_by "
	"~galleon ~fleet ~navy ~naval ~admiral ~crusade crusades "
	"~crusaders ~knighted ~nobleman ~nobles ~serfs ~vassal "
	"~manor ~abbot ~chronicle chronicles ~annals ~medieval_period "
	"~renaissance_period ~enlightenment_era ~industrial_revolution "
	"~cold_war ~world_war_ii ~great_war ~trenches ~veterans "
	"~resistance ~partisans ~deported ~deportation ~massacre "
	"~rebels ~insurgents ~mutiny ~loyalists ~royalists "
	"~ancestral ~tribe tribes ~tribal ~nomads ~nomadic",
	/* 8 Literature */
	"~retired_sailor ~sets_out ~abandoned ~protagonist "
	"~heroine ~hero ~villain ~collection ~anthology ~poems_about "
	"~allegory ~allegorical ~metaphor ~metaphors ~simile ~irony "
	"~satire satirical ~parody ~fable fables ~parable ~myths_and "
	"~norse ~old_english ~middle_english ~sanskrit ~etymologically "
	"~derived ~meaning_a ~word_for ~daring ~debut_novel ~reviewers "
	"~genders ~grammatical ~cases ~nouns ~declension ~conjugation "
	"~phonology ~phonetics ~morphology ~lexicon ~idiom ~idioms "
	"~proverb ~proverbs ~rhetoric ~narrator ~first_person "
	"~storyteller ~storytelling ~saga sagas ~ballad ~ballads "
	"~librettist ~screenplay ~novella novellas ~chapbook "
	"~literary_prize ~booker ~pulitzer ~nobel_prize_in_literature",
	/* 9 Art */
	"~fresco frescoes ~mural murals ~ceiling_painting ~mosaic "
	"~mosaics ~stained_glass ~tapestry ~engraving ~woodcut "
	"~lithograph ~illustrator ~illustrations ~cartoonist "
	"~comic ~comics ~manga ~anime ~quartet ~trio ~ensemble "
	"~recorded ~recording ~recordings ~studio_album ~live_album "
	"~toured ~touring ~gig ~gigs ~festival_headliner ~goalkeeper "
	"~striker ~midfielder ~defender ~appearances ~captained "
	"~national_side ~shot_in ~black_and_white ~on_location "
	"~runtime ~screenplay_by ~cast ~marathon ~runners ~race "
	"~races ~racing ~cyclist ~cycling ~swimmer ~swimming "
	"~boxer ~boxing ~wrestler ~wrestling ~skier ~skiing ~chess "
	"~grandmaster ~musical musicals ~broadway ~west_end "
	"~audiences ~theatre_company ~choir ~choral ~hymns_and "
	"~sonata ~overture ~aria ~fugue ~rhythm ~melody ~harmony "
	"~lyrics ~vocals ~drummer ~bassist ~conductor",
	/* 10 Economics */
	"~turnover ~sales ~growth ~driven_by ~bond bonds ~loan_made "
	"~borrower ~borrowers ~lender ~investors ~fixed_period "
	"~yield ~dividend dividends ~equity ~assets ~liabilities "
	"~balance_sheet ~accounting ~auditor ~insurance ~insurer "
	"~pension ~pensions ~savings ~deposits ~weakened ~imported "
	"~exporters ~importers ~abroad ~exchange_rate ~devaluation "
	"~cooperative ~coffee ~cocoa ~commodity commodities ~roasters "
	"~farmers_market ~industrialist industrialists ~steel_mills "
	"~fortune ~philanthropist ~tycoon ~magnate ~entrepreneurs "
	"~port_handles ~container_traffic ~cargo ~freight ~shipping "
	"~logistics ~warehouse ~wholesale ~retail_chain ~franchise "
	"~employer ~jobs ~workforce ~trade_union ~unions ~strike "
	"~strikes ~layoffs ~bankrupt ~bankruptcy ~insolvency "
	"~shares_in ~takeover ~privatisation ~nationalised",
	/* 11 Law */
	"~dismissed ~costs ~court_ordered ~ordered ~libel ~slander "
	"~defamation ~reputation ~statement ~landlords ~tenants "
	"~lease ~notice ~tenancy ~prosecutor prosecutors ~theft "
	"~burglary ~assault ~manslaughter ~homicide ~probation "
	"~parole ~offender offenders ~jail ~penitentiary ~quashed "
	"~misleading_directions ~directions ~jurors ~barrister "
	"barristers ~solicitor solicitors ~advocate ~counsel "
	"~magistrate magistrates ~bail ~warrant ~subpoena ~testimony "
	"~witness witnesses ~perjury ~plea ~guilty ~innocent "
	"~acquittal ~sentencing ~fine ~fined ~penalty ~penalties "
	"~injunction ~hearing ~hearings ~legal_system ~common_law "
	"~civil_law ~case_law ~precedent ~ruling_that ~unconstitutional",
	/* 12 Politics */
	"~vetoed ~veto ~budget_bill ~bill ~assembly ~override "
	"~parish ~residents ~councillors ~hamlet ~rural_district "
	"~neighbouring_villages ~monarchy_is ~head_of_government "
	"~white_paper ~local_authorities ~authorities ~powers "
	"~turnout ~runoff ~civilian_rule ~civilian ~dictatorship "
	"~junta ~regime_change ~protests ~protesters ~demonstrations "
	"~activists ~lobby ~lobbying ~legislators ~lawmakers ~mp "
	"~mps ~candidate candidates ~nominee ~primaries ~polls "
	"~polling ~manifesto ~left_wing ~right_wing ~liberal "
	"~conservative ~socialist ~communist ~nationalist "
	"~populist ~green_party ~parliament_member ~speaker "
	"~chancellor_of ~premier ~secretary_of_state ~foreign_minister "
	"~foreign_policy ~sanctions ~summit ~bilateral ~territory "
	"~territories ~autonomous ~secession ~annexed ~annexation "
	"~township ~townships ~village_council ~unincorporated "
	"~census_designated ~metropolitan ~urban_area ~commune "
	"~communes ~canton ~cantons ~prefecture ~oblast",
	/* 13 Education */
	"~polytechnic ~enrols ~enrolls ~enrolment ~sit ~national_tests "
	"~seminar seminars ~tutorial ~tutorials ~readings "
	"~royal_charter ~institute ~grammar_school ~comprehensive "
	"~entrance_examination ~academic_year ~terms ~written_examinations "
	"~coursework ~syllabus ~timetable ~headmistress ~pupils_aged "
	"~school_district ~schooling ~teach ~learners ~literacy_rate "
	"~vocational ~apprenticeship ~apprenticeships ~college_of "
	"~university_of ~faculty_of ~department_of ~doctoral_students "
	"~research_university ~liberal_arts ~sixth_form ~nursery_school "
	"~elementary_school ~middle_school ~high_schools ~tertiary",
	/* 14 Environment */
	"~creek ~brook ~stream ~catchment ~drains ~joins ~overgrazing "
	"~grazing ~vegetation ~exposed_soil ~washed_away ~storms "
	"~storm ~hurricane hurricanes ~typhoon ~cyclone ~tornado "
	"~wading_birds ~wetlands ~nesting_season ~nesting ~migratory "
	"~migration ~reserve ~plateau ~snow ~snowfall ~permafrost "
	"~tundra ~savanna ~grassland grasslands ~steppe ~acid_rain "
	"~sulphur ~smog ~air_pollution ~water_pollution ~archipelago "
	"~islets ~lagoon ~atoll ~reef reefs ~fjord ~headland ~cape "
	"~peninsula ~strait ~gulf ~waterfall ~springs ~aquifer "
	"~groundwater ~irrigation ~reservoirs ~watershed ~basin "
	"~floodplain ~wildfire wildfires ~carbon_emissions "
	"~fossil_fuels ~coal ~oil_spill ~endangered_species "
	"~invasive ~native_species ~reforestation ~rewilding",
	/* 15 Software */
	"~database_engine ~rows ~tables ~write_ahead_log ~crash "
	"~index ~indexes ~transactions ~shell ~shell_script ~loop "
	"~prints ~line_number ~container containers ~docker "
	"~kubernetes ~virtual_machine ~virtualisation ~host ~hosts "
	"~word_processor ~ported ~macintosh ~microsoft_windows ~windows "
	"~exploit exploits ~buffer_overflow ~vulnerability "
	"~vulnerabilities ~arbitrary_code ~garbage_collection "
	"~memory_management ~pointer pointers ~heap ~stack ~thread "
	"~threads ~process ~processes ~scheduler ~file_system "
	"~filesystem ~drivers ~device_driver ~firmware ~bios "
	"~backend ~frontend ~web_server ~http ~rest ~endpoint "
	"~login ~password ~passwords ~authentication ~plugin "
	"~plugins ~extension ~extensions ~update ~updates ~release "
	"~released_as ~beta ~alpha ~source ~open_sourced ~fork "
	"~forked ~codebase ~commit ~commits ~compiler_for ~runtime "
	"~bytecode ~virtual_machine_for ~emulator ~emulation"
};

/* Task and modifier lexicons: code, terms. */
struct lex {
	int code;
	const char *terms;
};

static const struct lex task_lex[] = {
	{1, "is_a is_an are_a is_the_process is_the_study is_the_branch "
	    "refers_to !is_defined !defined_as is_a_form is_a_family "
	    "!the_term is_called are_called is_the_practice is_a_state "
	    "is_a_system is_a_set is_a_measure ~definition ~means "
	    "is_the_rate is_the_capacity is_the_doctrine is_the_study_of "
	    "is_the_variety is_the_exclusive is_the_authority "
	    "is_the_education is_the_teaching is_the_market is_an_area "
	    "is_a_community is_the_collapsed is_a_naturally"},
	{2, "!similar_to !resembles !analogous like_the ~likewise "
	    "~compared_with !compared_to faster_than ~unlike "
	    "~in_the_same_way ~resembling"},
	{3, "!because !caused !caused_by !due_to !led_to !leads_to "
	    "!leading_to !resulted_in !results_in !triggered "
	    "contributes_to ~causes ~therefore ~consequently "
	    "~as_a_result ~which_led ~forced ~drove ~reduce ~reduces "
	    "~impair ~influences ~cut"},
	{4, "!species_of !type_of !types_of !kind_of !kinds_of "
	    "!classified !divided_into !is_classified genus "
	    "categories ~category ~subspecies ~in_the_family "
	    "~belongs_to ~classification ~taxonomy ~according_to_whether "
	    "~depending_on_whether ~families"},
	{5, "!known_for !best_known ~born ~died ~served_as ~served "
	    "~is_considered ~awarded ~pioneered ~founded_by ~won "
	    "~career ~starred ~commanded ~taught ~succeeded"},
	{6, "!daughter_of !son_of !married !wife_of !husband_of "
	    "!member_of ~moon_of ~part_of ~owned_by ~subsidiary_of "
	    "~brother_of ~sister_of ~borders"},
	{8, "!tells_the_story !story_of !the_plot ~follows_a "
	    "~in_the_play ~the_novel_tells ~the_story ~summary"},
	{10, "!from_the_latin !from_the_greek !latin_for !greek_for "
	    "!etymology !originally_meant !derived_from ~translates_as "
	    "~literally"},
	{11, "!praised !reviews !mixed_reviews !positive_reviews "
	    "!critical_acclaim !acclaim ~reviewer ~critics "
	    "~well_received ~criticised_for ~called_it"},
	{12, "!argued !argues !argument ~object_that ~critics_of "
	    "~contend ~contends ~counter_argument ~attempts_to_prove "
	    "~defends"},
	{13, "!experiment !experiments !hypothesis !randomised "
	    "!clinical_trial ~trials ~tested ~found_that ~participants "
	    "~volunteers ~survey ~examined_whether ~the_study "
	    "~measured"},
	{14, "!def !keyword ~parentheses ~returns ~calls_itself "
	    "~function_is_defined ~syntax ~its_parse ~base_case "
	    "~call_to"},
	{16, "!proof !proved !proves !theorem ~lemma ~by_contradiction "
	    "~by_induction ~using_induction ~conjecture"},
	{18, "~began_in ~after_the ~later ~until ~decades "
	    "~was_declared ~in_the_1930s ~in_the_1960s ~in_the_2000s "
	    "~four_years_later ~replaced ~became_common"},
	{19, "!located ~north_of ~south_of ~east_of ~west_of "
	    "~runs_for ~passes_through ~stretches ~along_the_coast "
	    "~kilometres_from ~miles_from"},
	{20, "!moral ~morally ~moral_rights ~virtue_ethics "
	    "~ethically ~human_rights_organisations ~obliged"},
	{21, "!recommended !urged !recommendation ~should_be "
	    "~proposed_that ~called_for"},
	{-1, NULL}
};

static const struct lex mod_lex[] = {
	{0, "!protein !proteins !enzyme !enzymes !molecule "
	    "!molecules ~acid ~acidic ~chemical ~hormone ~hormones "
	    "~insulin ~glucose ~chlorophyll ~metabolic ~peptide "
	    "~antibiotic ~medication ~drug ~protons ~neutrons"},
	{1, "!evolution !evolutionary !natural_selection ~genus "
	    "~species ~adaptation ~ancestor ~ancestors"},
	{2, "~software ~programming ~algorithm ~computer_program "
	    "~source_code ~compiler ~database ~computation"},
	{3, "!proof !proved !theorem ~logic ~logical ~contradiction "
	    "~induction ~valid_inference"},
	{4, "!ethics !ethical !moral !morally ~virtue ~rights"},
	{6, "!legal ~court ~statute ~law ~legally"},
	{7, "!philosophy !philosophical ~metaphysics ~epistemology "
	    "~existence"},
	{8, "!emotion !emotions !emotional ~feelings ~sadness ~fear "
	    "~mood ~moving ~sentimental"},
	{13, "!painting !paintings !painter !sculpture ~drawings "
	    "~watercolours ~photographs ~cinematography ~depicts "
	    "~visual ~marble ~portraits ~television_series ~gallery"},
	{14, "!music !song !songs !album !symphony !opera !jazz "
	    "~orchestra ~singer ~guitarist ~chart ~sound ~acoustic"},
	{15, "~located ~north_of ~south_of ~flows ~rises ~coastline "
	    "~altitude ~kilometres ~mountain_range ~stretches"},
	{16, "~chronology ~timeline ~decades ~later"},
	{17, "~megawatts ~metres ~kilometres ~percent ~billion "
	    "~million"},
	{21, "!than_hard ~compared_to ~similar_to ~unlike ~faster_than"},
	{23, "!caused !caused_by !because !due_to !led_to !leads_to "
	    "!leading_to !triggered !resulted_in ~causes ~contributes_to"},
	{25, "!experiment !experiments !clinical_trial !randomised "
	    "~trials ~participants ~volunteers ~survey ~laboratory"},
	{26, "!tells_the_story !story_of !the_plot ~follows_a ~battles "
	    "~quarrel ~mythology"},
	{32, "~strategy ~strategic"},
	{36, "~reinforced_concrete ~steel_frame ~suspension_bridge "
	    "~structural"},
	{40, "~recommended ~urged ~should ~recommendation"},
	{41, "!census !inhabitants !population ~standard_deviation "
	    "~median ~statistics ~per_cent"},
	{46, "~genus ~family ~subspecies ~divided_into ~classified"},
	{-1, NULL}
};

/* Minimum scores below which a task or modifier falls to its default. */
enum { TASK_MIN = 2, MOD_MIN = 3 };

/* The modifier that suits each domain when the text has no stronger cue. */
static const unsigned char dom_mod[TMD_NDOMAIN] = {
	27, 11, 9, 9, 27, 27, 7, 5, 10, 10, 27, 6, 27, 27, 27, 2
};

/* The domain of a text with no domain evidence at all. */
enum { DOMAIN_DEFAULT = 7 };

/* ---- the index ---- */

enum { F_PH2 = 1, F_PH3 = 2 };	/* word starts a 2- / 3-word phrase */

struct term {
	uint8_t field, code, weight;
};

struct ent {
	uint64_t h;		/* 0 = empty slot */
	uint32_t first;		/* index into terms */
	uint16_t nterm;
	uint16_t flags;
};

static struct ent *tab;
static size_t tabmask;
static struct term *terms;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Word characters folded to lower case; 0 for separators. */
static unsigned char lc[256];

static void
build_lc(void)
{
	int c;

	for (c = 0; c < 256; c++)
		lc[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c | 0x20 :
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c >= 0x80 ? c : 0);
}

/* Raw (hash, term) pairs collected while building. */
struct raw {
	uint64_t h;
	uint16_t flags;
	struct term t;
	int has_term;
};
static struct raw *raws;
static size_t nraw, capraw;

static inline uint64_t
hword(const unsigned char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

static inline uint64_t
hjoin(uint64_t a, uint64_t b)
{
	uint64_t h = (a * 0x9e3779b97f4a7c15ULL) ^ (b + 0x632be59bd9b4e019ULL);
	h ^= h >> 29;
	return h ? h : 1;
}

static void
add_raw(uint64_t h, uint16_t flags, int field, int code, int weight)
{
	if (nraw == capraw) {
		capraw = capraw ? capraw * 2 : 1024;
		raws = erealloc(raws, capraw * sizeof *raws);
	}
	raws[nraw].h = h;
	raws[nraw].flags = flags;
	raws[nraw].has_term = field >= 0;
	raws[nraw].t.field = (uint8_t)(field < 0 ? 0 : field);
	raws[nraw].t.code = (uint8_t)code;
	raws[nraw].t.weight = (uint8_t)weight;
	nraw++;
}

/* Add every term of one lexicon string for field/code. */
static void
add_terms(const char *s, int field, int code)
{
	while (*s) {
		uint64_t hw[3];
		int weight = 2, nw = 0;
		const char *w;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (*s == '!' || *s == '~') {
			weight = *s == '!' ? 3 : 1;
			s++;
		}
		for (;;) {
			w = s;
			while (*s && *s != ' ' && *s != '_')
				s++;
			if (nw < 3)
				hw[nw] = hword((const unsigned char *)w,
				    (size_t)(s - w));
			nw++;
			if (*s != '_')
				break;
			s++;
		}
		if (nw == 1) {
			add_raw(hw[0], 0, field, code, weight);
		} else if (nw == 2) {
			add_raw(hw[0], F_PH2, -1, 0, 0);
			add_raw(hjoin(hw[0], hw[1]), 0, field, code, weight);
		} else {
			/* Longer phrases keep their first three words. */
			add_raw(hw[0], F_PH3, -1, 0, 0);
			add_raw(hjoin(hjoin(hw[0], hw[1]), hw[2]), 0, field,
			    code, weight);
		}
	}
}

static int
rawcmp(const void *a, const void *b)
{
	const struct raw *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->has_term - y->has_term;
}

static void
build(void)
{
	size_t i, j, nterm = 0, nent = 0, size;
	int d;

	build_lc();
	for (d = 0; d < TMD_NDOMAIN; d++) {
		add_terms(dom_lex[d], TMD_DOMAIN, d);
		add_terms(dom_more[d], TMD_DOMAIN, d);
	}
	for (i = 0; task_lex[i].terms; i++)
		add_terms(task_lex[i].terms, TMD_TASK, task_lex[i].code);
	for (i = 0; mod_lex[i].terms; i++)
		add_terms(mod_lex[i].terms, TMD_MODIFIER, mod_lex[i].code);
	qsort(raws, nraw, sizeof *raws, rawcmp);
	for (i = 0; i < nraw; i++)
		if (i == 0 || raws[i].h != raws[i - 1].h)
			nent++;
	for (size = 64; size < nent * 3; size *= 2)
		;
	tab = ecalloc(size, sizeof *tab);
	tabmask = size - 1;
	terms = ecalloc(nraw + 1, sizeof *terms);
	for (i = 0; i < nraw; i = j) {
		struct ent e = {raws[i].h, (uint32_t)nterm, 0, 0};
		size_t slot;

		for (j = i; j < nraw && raws[j].h == raws[i].h; j++) {
			e.flags |= raws[j].flags;
			if (raws[j].has_term)
				terms[nterm++] = raws[j].t, e.nterm++;
		}
		slot = e.h & tabmask;
		while (tab[slot].h)
			slot = (slot + 1) & tabmask;
		tab[slot] = e;
	}
	free(raws);
	raws = NULL;
	nraw = capraw = 0;
}

static inline const struct ent *
find(uint64_t h)
{
	size_t slot;

	for (slot = h & tabmask; tab[slot].h; slot = (slot + 1) & tabmask)
		if (tab[slot].h == h)
			return &tab[slot];
	return NULL;
}

/* ---- scanning ---- */

struct score {
	int d[TMD_NDOMAIN], t[TMD_NTASK], m[TMD_NMODIFIER];
	int hits, years;
};

static inline void
apply(struct score *sc, const struct ent *e)
{
	uint32_t i;

	for (i = 0; i < e->nterm; i++) {
		const struct term *t = &terms[e->first + i];
		if (t->field == TMD_DOMAIN)
			sc->d[t->code] += t->weight;
		else if (t->field == TMD_TASK)
			sc->t[t->code] += t->weight;
		else
			sc->m[t->code] += t->weight;
	}
	sc->hits += e->nterm > 0;
}

/* Look a word up, retrying without a plural ending. */
static const struct ent *
lookup_word(const unsigned char *w, size_t n, uint64_t h)
{
	const struct ent *e = find(h);
	unsigned char tmp[64];

	if ((e && e->nterm) || n < 4 || n > sizeof tmp || w[n - 1] != 's' ||
	    w[n - 2] == 's')
		return e;
	if (n > 4 && w[n - 3] == 'i' && w[n - 2] == 'e') {
		memcpy(tmp, w, n - 3);
		tmp[n - 3] = 'y';
		const struct ent *s = find(hword(tmp, n - 2));
		if (s && s->nterm)
			return s;
	}
	if (w[n - 2] == 'e') {
		const struct ent *s = find(hword(w, n - 2));
		if (s && s->nterm)
			return s;
	}
	{
		const struct ent *s = find(hword(w, n - 1));
		if (s && s->nterm)
			return s;
	}
	return e;
}

/* The state of a scan: the score and the two words before this one. */
struct scanst {
	struct score *sc;
	uint64_t h1, h2;	/* hashes of the previous two words */
	int f1, f2;		/* their phrase flags */
	const unsigned char *p;	/* the run word_at's offsets are in */
};

/* Score one word w[0..len) (folded) of hash h (as hword). */
static void
word(struct scanst *st, const unsigned char *w, size_t len, uint64_t h)
{
	const struct ent *e;

	if (len == 4 && w[0] - '0' < 10u && w[1] - '0' < 10u &&
	    w[2] - '0' < 10u && w[3] - '0' < 10u &&
	    (w[0] == '1' || (w[0] == '2' && w[1] == '0'))) {
		st->sc->years++;
		st->f1 = st->f2 = 0;
		return;
	}
	e = lookup_word(w, len, h);
	if (e)
		apply(st->sc, e);
	if (st->f1 & F_PH2) {
		const struct ent *ph = find(hjoin(st->h1, h));
		if (ph)
			apply(st->sc, ph);
	}
	if (st->f2 & F_PH3) {
		const struct ent *ph = find(hjoin(hjoin(st->h2, st->h1), h));
		if (ph)
			apply(st->sc, ph);
	}
	st->h2 = st->h1;
	st->f2 = st->f1;
	st->h1 = h;
	st->f1 = e ? e->flags : 0;
}

/* Fold and score the word p[b..e) of a text outside ASCII; a uni_tokens
 * callback.  Too long for a word: it breaks phrases. */
static int
word_at(void *v, size_t b, size_t e)
{
	struct scanst *st = v;
	unsigned char w[64 + 4];
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t len;

	if (UNI_FOLD_MAX(e - b) > sizeof w) {
		st->f1 = st->f2 = 0;
		return 0;
	}
	len = uni_fold_utf8((const char *)st->p + b, e - b, (char *)w);
	if (len > 64) {
		st->f1 = st->f2 = 0;
		return 0;
	}
	h = hword(w, len);
	word(st, w, len, h);
	return 0;
}

/*
 * The words of the text are uni_tokens' (uni.h): runs of letters, marks
 * and numbers, a run of a script without spaces cut by the dictionary.
 * ASCII words, nearly all of an English text, are folded and hashed here
 * in one pass; a word with a byte outside ASCII goes to uni_tokens.
 */
static void
scan(const char *text, size_t n, struct score *sc)
{
	const unsigned char *p = (const unsigned char *)text;
	struct scanst st = { sc, 0, 0, 0, 0, NULL };
	unsigned char w[64];
	size_t i = 0;

	memset(sc, 0, sizeof *sc);
	while (i < n) {
		size_t len = 0, start, e;
		uint64_t h = 0xcbf29ce484222325ULL;
		unsigned char c;

		while (i < n && !lc[p[i]])
			i++;
		if (i >= n)
			break;
		start = i;
		/* Fold, hash (as hword) and keep the word in one pass. */
		while (i < n && (c = lc[p[i]]) != 0 && c < 0x80) {
			h = (h ^ c) * 0x100000001b3ULL;
			if (len < sizeof w)
				w[len++] = c;
			i++;
		}
		if (i < n && p[i] >= 0x80) {
			/* Outside ASCII: the whole run of word bytes and
			 * non-ASCII bytes, cut by the Unicode rule. */
			for (e = i; e < n && lc[p[e]]; e++)
				;
			st.p = p + start;
			uni_tokens(text + start, e - start, word_at, &st);
			i = e;
			continue;
		}
		if (!h)
			h = 1;
		/* Too long for a word: it breaks phrases. */
		if (i - start > sizeof w) {
			st.f1 = st.f2 = 0;
			continue;
		}
		word(&st, w, len, h);
	}
	/* Years hint at temporal reasoning only, never at a domain. */
	if (sc->years >= 2) {
		sc->t[18] += sc->years;
		sc->m[16] += sc->years - 1;
	}
}

static int
argmax(const int *v, int n, int *best)
{
	int i, k = 0;

	for (i = 1; i < n; i++)
		if (v[i] > v[k])
			k = i;
	*best = v[k];
	return k;
}

void
tmd_heur(const char *text, size_t n, struct tmd_label *out)
{
	struct score sc;
	int d, t, m, bd, bt, bm, i, total = 0;
	double share, amount;

	pthread_once(&once, build);
	scan(text, n, &sc);
	d = argmax(sc.d, TMD_NDOMAIN, &bd);
	for (i = 0; i < TMD_NDOMAIN; i++)
		total += sc.d[i];
	if (bd == 0)
		d = DOMAIN_DEFAULT;
	t = argmax(sc.t, TMD_NTASK, &bt);
	if (bt < TASK_MIN)
		t = 0;
	m = argmax(sc.m, TMD_NMODIFIER, &bm);
	if (bm < MOD_MIN)
		m = dom_mod[d];
	out->d = d;
	out->t = t;
	out->m = m;
	if (bd == 0) {
		out->confidence = 0;
		return;
	}
	share = (double)bd / total;
	amount = (double)bd / (bd + 3);
	out->confidence = (int)(share * amount * 100 + 0.5) / 100.0;
}

int
tmd_heur_scores(const char *text, size_t n, int scores[TMD_NDOMAIN])
{
	struct score sc;

	pthread_once(&once, build);
	scan(text, n, &sc);
	memcpy(scores, sc.d, sizeof sc.d);
	return sc.hits;
}
